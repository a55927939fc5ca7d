"""The DDaT framework loaded by default: the project's copy of one release, in
``fixtures/sources/ddat/``, imported by ``load_seed_data`` (and the test suite's session
fixture) from the CSV files themselves, so the files are the one source of truth."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .models import Release
from .parsing import DdatFileError, parse_release
from .services import Resolution, apply_release


def sources_dir() -> Path:
    return Path(settings.SEED_SOURCES_DIR) / "ddat"


@dataclass(frozen=True)
class VendoredRelease:
    release_date: datetime.date
    roles: Path
    skills: Path
    ladders: Path


def vendored_release(folder: Path | None = None) -> VendoredRelease:
    """The vendored release, its files checked against the digests in release.json."""
    folder = folder or sources_dir()
    manifest = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    paths = {}
    for kind, item in manifest["files"].items():
        path = folder / item["filename"]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != item["sha256"]:
            raise DdatFileError(f"sha256 {digest} is not the {item['sha256']} release.json records", filename=str(path))
        paths[kind] = path
    return VendoredRelease(datetime.date.fromisoformat(manifest["release_date"]), **paths)


def load_vendored_release(folder: Path | None = None) -> str:
    """Import the vendored release unless a later one is already loaded; returns a line of report.
    Raises DdatFileError if the files are not the vendored ones, and RuntimeError if the release
    meets editors' changes (the approver resolves those with ``import_ddat``)."""
    vendored = vendored_release(folder)
    latest = Release.objects.exclude(release_date=None).order_by("-release_date").first()
    if latest is not None and latest.release_date > vendored.release_date:
        when = f"{latest.release_date:%-d %B %Y}"
        return f"DDaT framework: the release of {when} is loaded; the project's copy of an older one was left out"
    parsed = parse_release(
        roles_data=vendored.roles.read_bytes(),
        roles_filename=vendored.roles.name,
        skills_data=vendored.skills.read_bytes(),
        skills_filename=vendored.skills.name,
        ladders_data=vendored.ladders.read_bytes(),
        ladders_filename=vendored.ladders.name,
    )
    report = apply_release(
        parsed=parsed, release_date=vendored.release_date, resolution=Resolution.REFUSE, imported_by="load_seed_data"
    )
    if report.refused:
        raise RuntimeError(
            "The DDaT release meets editors' changes; resolve them with import_ddat --keep-local or --take-release: "
            + "; ".join(conflict.message for conflict in report.conflicts)
        )
    return f"DDaT framework, release of {vendored.release_date:%-d %B %Y}: {report.summary()}"
