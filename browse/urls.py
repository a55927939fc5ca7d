from django.urls import path

from .views import bodies, frameworks, skills

app_name = "browse"

urlpatterns = [
    path("skills/", skills.skill_list, name="skill-list"),
    path("skills/<slug:slug>/", skills.skill_detail, name="skill-detail"),
    path("frameworks/", frameworks.framework_list, name="framework-list"),
    path("frameworks/<slug:slug>/", frameworks.framework_detail, name="framework-detail"),
    path("bodies/", bodies.body_list, name="body-list"),
    path("bodies/<slug:slug>/", bodies.body_detail, name="body-detail"),
]
