"""The compare page, /compare/?roles=a&roles=b: the URL is the whole state, so a comparison can be shared."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.validators import slug_re
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import Truncator

from core.breadcrumbs import trail

from .. import selectors
from ..compare import MAX_ROLES, MIN_ROLES
from ..comparison_csv import comparison_filename, comparison_header, comparison_rows
from ..exports import csv_response, framework_attributions

FORMATS = ("", "html", "csv")
ONLY_VALUES = ("", "differences")


@dataclass
class CompareRequest:
    slugs: list[str] = field(default_factory=list)
    only_differences: bool = False
    format: str = ""
    find: str = ""
    # "Find roles" was pressed: still choosing, so no comparison yet and no complaint about the count.
    choosing: bool = False
    error: str = ""
    status: int = 200

    def url(self, slugs: list[str] | None = None, *, only_differences: bool | None = None, **extra) -> str:
        """The compare address for these choices (by default the current ones)."""
        slugs = self.slugs if slugs is None else slugs
        only = self.only_differences if only_differences is None else only_differences
        params = [("roles", slug) for slug in slugs]
        if only:
            params.append(("only", "differences"))
        params.extend(extra.items())
        return f"{reverse('roleprofiles:compare')}?{urlencode(params)}"


def parse_compare_request(params) -> CompareRequest:
    """Read and check the GET parameters; the number of roles is checked before any slug is looked up."""
    # A repeated slug counts (and shows) once; order is the order chosen.
    slugs = list(dict.fromkeys(slug.strip() for slug in params.getlist("roles") if slug.strip()))
    request = CompareRequest(
        slugs=slugs,
        format=params.get("format", "").strip().lower(),
        find=" ".join(params.get("find", "").replace("\x00", "").split())[: selectors.FIND_MAX_LENGTH],
        choosing=params.get("step") == "find",
    )
    only = params.get("only", "").strip().lower()
    request.only_differences = only == "differences"
    if request.format not in FORMATS:
        request.error, request.status = "The download format must be csv.", 400
    elif only not in ONLY_VALUES:
        request.error, request.status = "To hide what the roles share, use only=differences.", 400
    elif request.choosing:
        pass
    elif len(slugs) == 1:
        request.error, request.status = "Choose at least two roles to compare.", 400
    elif len(slugs) > MAX_ROLES:
        request.error = f"You can compare at most {MAX_ROLES} roles at a time: you chose {len(slugs)}."
        request.status = 400
    return request


def compare(request):
    choice = parse_compare_request(request.GET)
    context = {"choice": choice, "min_roles": MIN_ROLES, "max_roles": MAX_ROLES, "crumbs": trail()}
    if not choice.error and choice.slugs and not choice.choosing:
        try:
            comparison = selectors.comparison(choice.slugs)
        except selectors.UnknownRoles as unknown:
            names = ", ".join(f"“{Truncator(slug).chars(60)}”" for slug in unknown.slugs)
            if len(unknown.slugs) == 1:
                choice.error = f"No published role has the address {names}."
            else:
                choice.error = f"No published roles have the addresses {names}."
            choice.status = 404
        else:
            if choice.format == "csv":
                return csv_response(
                    comparison_filename(comparison), comparison_header(comparison), comparison_rows(comparison)
                )
            context.update(
                comparison=comparison,
                groups=comparison.groups(only_differences=choice.only_differences),
                attributions=framework_attributions(row.skill.framework for row in comparison.rows),
                **_page_links(choice, comparison.roles),
            )
    # "Compare with..." on a profile page links here with the role ticked in the picker.
    ticked = choice.slugs or [request.GET.get("with", "").strip()]
    # Only what could be a slug is looked up, and no more than a handful (the address may hold thousands).
    ticked = [slug for slug in ticked if slug_re.fullmatch(slug)][: 2 * MAX_ROLES]
    context["picker"] = selectors.picker_options(ticked, choice.find)
    return render(request, "roleprofiles/compare.html", context, status=choice.status)


def _page_links(choice: CompareRequest, roles) -> dict:
    removable = len(roles) > MIN_ROLES
    return {
        "columns": [
            {
                "role": role,
                "remove_url": choice.url([s for s in choice.slugs if s != role.slug]) if removable else "",
            }
            for role in roles
        ],
        "csv_url": choice.url(format="csv"),
        "all_rows_url": choice.url(only_differences=False),
        "differences_url": choice.url(only_differences=True),
    }
