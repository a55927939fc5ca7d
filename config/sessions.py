"""Admin sessions end after SESSION_IDLE_SECONDS without a request and SESSION_MAX_AGE_SECONDS
after signing in (ASVS 3.3.2); an edit in progress when one ends is kept, not lost.

``SessionLimitsMiddleware`` signs the user out when either limit has passed. Django's own
expiry cannot do this: a session's expiry moves forward every time the session is saved, so
it is neither an idle limit nor an absolute one.

``UnsavedChangesMiddleware`` keeps the edit: a form posted to the admin by someone no longer
signed in (the session just ended, or its cookie expired) is kept in the new anonymous
session while the admin sends them to sign in. Signing in keeps that session's data, and
coming back to the form's address shows a page that posts the kept fields again to the
same address with a fresh CSRF token (signing in rotates it), or discards them. Nothing is
saved without the editor pressing the button, and the form's own checks (the role's
version check among them) run as for any save, so a resubmission never overwrites an edit
someone else made meanwhile.

No domain imports: these work for any admin form.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

STARTED = "_session_started_at"
LAST_SEEN = "_session_last_seen_at"
# The last-seen time is written at most this often, so that a session is not saved on every
# request; the idle limit is therefore kept to within this many seconds.
TOUCH_EVERY_SECONDS = 60

UNSAVED = "_unsaved_changes"
DISCARD_FIELD = "_discard_unsaved_changes"
# Posted fields a resubmission must not carry back: the stale CSRF token.
NOT_KEPT = {"csrfmiddlewaretoken"}
MAX_KEPT_FORMS = 5
MAX_KEPT_CHARACTERS = 2_000_000  # a role with 130 requirements posts about 100,000


def _now() -> float:
    return time.time()


def _minutes(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = round(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _in_admin(request) -> bool:
    return request.path.startswith(reverse("admin:index"))


class SessionLimitsMiddleware:
    """Goes after AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.idle = settings.SESSION_IDLE_SECONDS
        self.max_age = settings.SESSION_MAX_AGE_SECONDS

    def __call__(self, request):
        # Only a request that carries a session cookie is looked at: public pages without one
        # never touch the session (no "Vary: Cookie", nothing to stop them being cached).
        if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
            self._check(request)
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Signed in during this request (login saves the session): the clock starts now.
        if session is not None and session.modified and SESSION_KEY in session and STARTED not in session:
            now = _now()
            session[STARTED] = session[LAST_SEEN] = now
        return response

    def _check(self, request) -> None:
        session, now = request.session, _now()
        started, last_seen = session.get(STARTED), session.get(LAST_SEEN)
        if started is None:  # signed in before these limits existed: count from now
            session[STARTED] = session[LAST_SEEN] = now
            return
        if now - started > self.max_age:
            reason = f"{_minutes(self.max_age)} after you signed in"
        elif now - (last_seen or started) > self.idle:
            reason = f"after {_minutes(self.idle)} without activity"
        else:
            if now - (last_seen or 0) >= TOUCH_EVERY_SECONDS:
                session[LAST_SEEN] = now
            return
        user_id = session.get(SESSION_KEY)
        logout(request)  # a new, empty session
        request.session_ended = {"reason": reason, "user": user_id}
        if _in_admin(request) and request.method != "POST":
            messages.info(request, f"You were signed out {reason}. Sign in again to carry on.")


class UnsavedChangesMiddleware:
    """Goes after CsrfViewMiddleware (only a post that passed the CSRF check is kept) and
    after SessionLimitsMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _in_admin(request):
            return None
        if request.method == "POST" and SESSION_KEY not in request.session:
            self._keep(request)
            return None
        if SESSION_KEY not in request.session or request.path not in request.session.get(UNSAVED, {}):
            return None
        kept = request.session[UNSAVED][request.path]
        if kept["user"] is not None and str(kept["user"]) != str(request.session[SESSION_KEY]):
            self._forget(request)  # someone else's edit, on a shared computer: not theirs to see
            return None
        if request.method == "POST":
            self._forget(request)  # resubmitted, or something newer posted instead
            if DISCARD_FIELD in request.POST:
                messages.info(request, "Your unsaved changes were discarded.")
                return HttpResponseRedirect(request.path)
            return None
        context = {
            **admin.site.each_context(request),
            "title": "Your session ended before your changes were saved",
            "kept": kept,
            "path": request.path,
            "discard_field": DISCARD_FIELD,
        }
        return TemplateResponse(request, "admin/unsaved_changes.html", context)

    def _keep(self, request) -> None:
        if request.path in {reverse("admin:login"), reverse("admin:logout")} or request.path.endswith("/delete/"):
            return  # signing in or out, or a deletion (asked again, not an edit to keep)
        if not getattr(request, "csrf_processing_done", False) or request.FILES:
            return  # a forged post is never kept; an uploaded file cannot be (upload it again)
        fields = [(name, value) for name, values in request.POST.lists() if name not in NOT_KEPT for value in values]
        if sum(len(name) + len(value) for name, value in fields) > MAX_KEPT_CHARACTERS:
            return
        ended = getattr(request, "session_ended", None) or {"reason": "", "user": None}
        kept = dict(request.session.get(UNSAVED, {}))
        kept.pop(request.path, None)
        kept[request.path] = {"fields": fields, "at": _now(), "reason": ended["reason"], "user": ended["user"]}
        while len(kept) > MAX_KEPT_FORMS:
            kept.pop(next(iter(kept)))
        request.session[UNSAVED] = kept
        messages.warning(
            request,
            "Your session ended before your changes were saved. Sign in again: your changes have been kept for you "
            "to save.",
        )

    def _forget(self, request) -> None:
        kept = dict(request.session.get(UNSAVED, {}))
        kept.pop(request.path, None)
        request.session[UNSAVED] = kept
