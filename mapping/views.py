"""The coverage page: parse the request, call a selector, render (or download)."""

from django.http import JsonResponse
from django.shortcuts import render

from core.breadcrumbs import crumb, trail
from core.http import Problem, answers_problems
from roleprofiles.exports import csv_response

from . import opendata, selectors

FRAMEWORKS = crumb("browse:framework-list", "Frameworks")
CSV_HEADER = ["NHS role", "NHS role address", "DDaT role", "DDaT role level", "DDaT role level address", "Job family"]


@answers_problems
def coverage(request, slug):
    wanted = request.GET.get("format", "html")
    if wanted not in {"html", "csv"}:
        raise Problem('The format can be "csv" or left out for this page.')
    page = selectors.coverage(slug)
    if wanted == "csv":
        rows = (
            [
                row.role.title,
                request.build_absolute_uri(row.role.get_absolute_url()),
                row.level.ladder.title,
                row.level.title,
                request.build_absolute_uri(row.level.get_absolute_url()),
                row.level.ladder.family.name,
            ]
            for row in page.rows
        )
        return csv_response(f"{slug}-mapping.csv", CSV_HEADER, rows)
    framework_crumb = crumb("browse:framework-detail", page.framework.name, page.framework.slug)
    context = {"page": page, "crumbs": trail(FRAMEWORKS, framework_crumb)}
    return render(request, "mapping/coverage.html", context)


def download(request, name: str = ""):
    """/download/: the whole published catalogue as open data (two CSVs and JSON)."""
    if name == "roles.csv":
        return csv_response(name, list(opendata.ROLE_COLUMNS), opendata.role_rows())
    if name == "skills.csv":
        return csv_response(name, list(opendata.SKILL_COLUMNS), opendata.skill_rows())
    if name == "catalogue.json":
        response = JsonResponse(opendata.catalogue(), json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = 'attachment; filename="catalogue.json"'
        return response
    # The page says how many rows each file has: counted, not built.
    about = opendata.about()
    context = {
        "about": about,
        "role_rows": about["counts"]["roles.csv"],
        "skill_rows": about["counts"]["skills.csv"],
        "crumbs": trail(),
    }
    return render(request, "mapping/download.html", context)
