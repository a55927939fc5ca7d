from django.urls import path

from .views import pathways, progression, self_assessment

app_name = "pathways"

urlpatterns = [
    path("pathways/", pathways.pathways, name="pathways"),
    path("pathways/archetypes/<slug:slug>/", pathways.archetype_detail, name="archetype-detail"),
    path("pathways/programmes/<slug:slug>/", pathways.programme_detail, name="programme-detail"),
    path("pathways/progression/", progression.progression, name="progression"),
    path("about/", pathways.about, name="about"),
    path("self-assessment/", self_assessment.self_assessment, name="self-assessment"),
    path("self-assessment/result/", self_assessment.result, name="self-assessment-result"),
]
