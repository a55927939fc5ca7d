from django.urls import path

from . import views

app_name = "mapping"

urlpatterns = [
    path("frameworks/<slug:slug>/mapping/", views.coverage, name="coverage"),
]
