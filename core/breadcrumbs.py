"""Breadcrumbs from URL names: ``crumb("roleprofiles:role-list", "Roles")``, reversed when shown
(so a module may define its crumbs before the URLs are loaded)."""

from __future__ import annotations

from typing import NamedTuple

from django.urls import reverse_lazy


class Crumb(NamedTuple):
    href: str
    text: str


def crumb(url_name: str, text: str, *args) -> Crumb:
    return Crumb(reverse_lazy(url_name, args=args or None), text)


HOME = crumb("home", "Home")


def trail(*crumbs: Crumb) -> list[Crumb]:
    """The breadcrumbs of a page: home, then the given parents (the last is the page's parent)."""
    return [HOME, *crumbs]
