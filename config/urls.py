"""The public URL contract (see DESIGN.md) and the admin."""

from django.contrib import admin
from django.urls import include, path

from browse.views import home

from . import views

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("roleprofiles.urls")),
    path("", include("browse.urls")),
    path("", include("pathways.urls")),
    path("", include("search.urls")),
    path("", include("mapping.urls")),
    path("", include("service.urls")),
]

handler400 = "config.views.bad_request"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
