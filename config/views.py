"""Site-wide views: the home page, the health check and the error pages."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render

from roleprofiles.selectors import home_summary


def home(request):
    return render(request, "home.html", home_summary())


def healthz(request):
    """200 with {"status": "ok", "database": "ok"}, or 503 when the database is unreachable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request, exception=None):
    message = str(exception) if exception and getattr(exception, "user_message", False) else ""
    return render(request, "errors/400.html", {"message": message}, status=400)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", {"path": request.path}, status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)
