"""Helpers for the admin and governance tests: users in the content groups, and posting an
admin form back the way a browser would (every field as rendered, then the changes)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User

from roleprofiles.governance import APPROVER_GROUP, EDITOR_GROUP


def make_user(username: str, *, group: str | None = None, staff: bool = True, superuser: bool = False) -> User:
    user = User.objects.create_user(username=username, password="correct horse battery staple", is_staff=staff)
    user.is_superuser = superuser
    user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def editor(username: str = "editor") -> User:
    return make_user(username, group=EDITOR_GROUP)


def approver(username: str = "approver") -> User:
    return make_user(username, group=APPROVER_GROUP)


def form_data(html: bytes | str, form_id: str | None = None) -> dict[str, str | list[str]]:
    """The values a browser would submit for the page's form (the admin change form by default)."""
    soup = BeautifulSoup(html, "html.parser")
    if form_id:
        form = soup.find("form", id=form_id)
    else:  # the page's own form, not the header's log-out form
        form = next(f for f in soup.find_all("form", attrs={"method": "post"}) if f.get("id") != "logout-form")
    data: dict[str, str | list[str]] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")
        elif field.name == "select":
            chosen = [o.get("value", o.text) for o in field.find_all("option") if o.get("selected") is not None]
            if field.get("multiple") is not None:
                data[name] = chosen
            else:
                data[name] = chosen[0] if chosen else ""
        elif field.get("type") in {"checkbox", "radio"}:
            if field.get("checked") is not None:
                data[name] = field.get("value", "on")
        elif field.get("type") in {"submit", "button", "file"}:
            continue
        else:
            data[name] = field.get("value", "")
    return data


def inline_prefix_for(data: dict, requirement_pk: int) -> str:
    """The inline form prefix (e.g. "requirements-3") of a requirement on the role change form."""
    for name, value in data.items():
        if name.endswith("-id") and value == str(requirement_pk):
            return name.removesuffix("-id")
    raise AssertionError(f"requirement {requirement_pk} is not on the form")
