from django.urls import path

from . import views

app_name = "service"

urlpatterns = [
    path("accessibility/", views.AccessibilityStatement.as_view(), name="accessibility"),
    path("privacy/", views.PrivacyAndCookies.as_view(), name="privacy"),
    path("contact/", views.Contact.as_view(), name="contact"),
]
