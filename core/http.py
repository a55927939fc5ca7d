"""Error responses for requests a page cannot answer: one exception a view or selector
raises, one decorator that turns it into the service's 400 or 404 page with the message."""

from __future__ import annotations

from collections.abc import Iterable
from functools import wraps

from django.shortcuts import render

from .breadcrumbs import HOME


class Problem(Exception):
    """A request that cannot be answered, with what the person who sent it should know.

    ``problems`` are shown as they are (they are the page's message); ``status`` is 400 for an
    address the service cannot use, 404 for one that names nothing.
    """

    def __init__(self, *problems: str, status: int = 400, heading: str = ""):
        super().__init__(" ".join(problems))
        self.problems = [problem for problem in problems if problem]
        self.status = status
        self.heading = heading


def problem_response(request, problem: Problem, *, template: str = "", **context):
    """The error page for ``problem``; ``context`` adds to what the template is given."""
    context = {
        **context,
        "message": " ".join(problem.problems),
        "problems": problem.problems,
        "heading": problem.heading,
        "crumbs": [HOME],
    }
    return render(request, template or f"errors/{problem.status}.html", context, status=problem.status)


def answers_problems(view=None, *, template: str = ""):
    """Decorate a view so a ``Problem`` raised while answering becomes its error page
    (``template`` for a page of the app's own, else ``errors/<status>.html``)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Problem as problem:
                return problem_response(request, problem, template=template)

        return wrapper

    return decorate(view) if view is not None else decorate


def form_problems(*forms) -> list[str]:
    """Every error message of the given bound forms (or filter sets), in field order."""
    messages: list[str] = []
    for form in forms:
        errors: Iterable = getattr(form, "errors", {}).values()
        messages.extend(message for field_errors in errors for message in field_errors)
    return messages


def require_valid(*forms) -> None:
    """Raise one 400 ``Problem`` naming everything wrong with the forms (or filter sets)."""
    if not all(form.is_valid() for form in forms):
        raise Problem(*form_problems(*forms))
