from django.urls import path

from . import views, views_changes, views_compare, views_documents

app_name = "roleprofiles"

urlpatterns = [
    path("roles/", views.role_list, name="role-list"),
    path("roles/<slug:slug>/", views.role_detail, name="role-detail"),
    path("roles/<slug:slug>/advert/", views_documents.advert, name="advert"),
    path("roles/<slug:slug>/job-description.docx", views_documents.job_description, name="job-description"),
    path("roles/<slug:slug>/export.json", views_documents.export_json, name="export-json"),
    path("roles/<slug:slug>/export.csv", views_documents.export_csv, name="export-csv"),
    path("compare/", views_compare.compare, name="compare"),
    path("changes/", views_changes.changes_list, name="changes"),
]
