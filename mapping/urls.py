from django.urls import path

from . import views

app_name = "mapping"

urlpatterns = [
    path("frameworks/<slug:slug>/mapping/", views.coverage, name="coverage"),
    path("download/", views.download, name="download"),
    path("download/roles.csv", views.download, {"name": "roles.csv"}, name="download-roles"),
    path("download/skills.csv", views.download, {"name": "skills.csv"}, name="download-skills"),
    path("download/catalogue.json", views.download, {"name": "catalogue.json"}, name="download-json"),
]
