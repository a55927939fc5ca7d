"""Site-wide views that need no content: the health check and the error pages."""

import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from core.cache import SHARED

# How long a browser or load balancer should wait before trying again while the database is down.
RETRY_AFTER_SECONDS = 30


def healthz(request):
    """{"status", "database", "cache"}: 200 "ok"; 200 "degraded" when only the cache is away
    (pages are still served, uncached); 503 "error" when the database is unreachable."""
    cache = "ok" if SHARED.available() else "unavailable"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # Drop the broken connection now so the next check reconnects when the database is back.
        connection.close_if_unusable_or_obsolete()
        response = JsonResponse({"status": "error", "database": "unavailable", "cache": cache}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    response = JsonResponse({"status": "ok" if cache == "ok" else "degraded", "database": "ok", "cache": cache})
    response["Cache-Control"] = "no-store"
    return response


def database_unavailable(request):
    """The friendly 503 page. Rendered without a request context: the context processors
    and the base template's navigation could touch the database that has just failed."""
    html = render_to_string("errors/503.html", {"service_name": settings.SERVICE_NAME})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception=None):
    message = str(exception) if exception and getattr(exception, "user_message", False) else ""
    return render(request, "errors/400.html", {"message": message}, status=400)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (an old page, or cookies blocked): say what to do."""
    response = render(request, "errors/403_csrf.html", {"retry_url": request.path}, status=403)
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", {"path": request.path}, status=404)


def server_error(request):
    # Errors raised outside a view (in a middleware) reach here rather than the middleware.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    html = render_to_string("errors/500.html", {"service_name": settings.SERVICE_NAME})
    return HttpResponse(html, status=500)
