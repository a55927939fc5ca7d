from django.urls import path

from . import views

app_name = "roleprofiles"

urlpatterns = [
    path("roles/", views.role_list, name="role-list"),
    path("roles/<slug:slug>/", views.role_detail, name="role-detail"),
]
