from django.urls import path

from .views import catalogue, changes, compare, downloads, profile

app_name = "roleprofiles"

urlpatterns = [
    path("roles/", catalogue.role_list, name="role-list"),
    path("roles/<slug:slug>/", profile.role_detail, name="role-detail"),
    path("roles/<slug:slug>/advert/", downloads.advert, name="advert"),
    path("roles/<slug:slug>/job-description.docx", downloads.job_description, name="job-description"),
    path("roles/<slug:slug>/export.json", downloads.export_json, name="export-json"),
    path("roles/<slug:slug>/export.csv", downloads.export_csv, name="export-csv"),
    path("compare/", compare.compare, name="compare"),
    path("changes/", changes.changes_list, name="changes"),
]
