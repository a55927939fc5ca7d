from django.urls import path

from . import views

app_name = "pathways"

urlpatterns = [
    path("pathways/", views.pathways, name="pathways"),
    path("pathways/archetypes/<slug:slug>/", views.archetype_detail, name="archetype-detail"),
    path("pathways/programmes/<slug:slug>/", views.programme_detail, name="programme-detail"),
    path("pathways/progression/", views.progression, name="progression"),
    path("about/", views.about, name="about"),
    path("self-assessment/", views.self_assessment, name="self-assessment"),
    path("self-assessment/result/", views.result, name="self-assessment-result"),
]
