from django.urls import path

from . import views

app_name = "browse"

urlpatterns = [
    path("skills/", views.skill_list, name="skill-list"),
    path("skills/<slug:slug>/", views.skill_detail, name="skill-detail"),
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="framework-detail"),
    path("bodies/", views.body_list, name="body-list"),
    path("bodies/<slug:slug>/", views.body_detail, name="body-detail"),
]
