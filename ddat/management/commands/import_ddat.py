"""``manage.py import_ddat --roles PATH --skills PATH [--ladders PATH] [--release-date DATE]
[--dry-run] [--keep-local | --take-release] [--draft]``: import a release of the DDaT capability
framework (its "Role content" and "Skill description content" CSV files, as downloaded), in one
transaction. Prints what changed; a file it cannot read stops it with the file, the line and
what is wrong, and nothing is written."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from core.commands import read_named_file
from ddat.parsing import DdatFileError, parse_release
from ddat.services import Resolution, apply_release


def release_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--release-date “{value}” is not a date written YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Import a release of the DDaT capability framework from its roles and skills CSV files."

    def add_arguments(self, parser):
        parser.add_argument("--roles", required=True, help="The role content CSV (one row per role level and skill).")
        parser.add_argument("--skills", required=True, help="The skill description CSV (one row per skill).")
        parser.add_argument("--ladders", help="The order of each role's levels (Role, Position, Role Level, ...).")
        parser.add_argument("--release-date", help="The framework's release date, YYYY-MM-DD.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--keep-local", action="store_true", help="Where an editor changed text the release changes, keep theirs."
        )
        group.add_argument(
            "--take-release", action="store_true", help="Where an editor changed text the release changes, take it."
        )
        parser.add_argument("--draft", action="store_true", help="Create new role levels as drafts, not published.")

    def handle(self, *args, roles, skills, ladders, dry_run, keep_local, take_release, draft, **options):
        date = release_date(options["release_date"]) if options["release_date"] else None
        try:
            parsed = parse_release(
                roles_data=read_named_file(roles, note="given as --roles"),
                roles_filename=roles,
                skills_data=read_named_file(skills, note="given as --skills"),
                skills_filename=skills,
                ladders_data=read_named_file(ladders, note="given as --ladders") if ladders else None,
                ladders_filename=ladders or "",
            )
        except DdatFileError as error:
            raise CommandError(str(error)) from None
        resolution = Resolution.REFUSE
        if keep_local:
            resolution = Resolution.KEEP_LOCAL
        elif take_release:
            resolution = Resolution.TAKE_RELEASE
        try:
            report = apply_release(
                parsed=parsed,
                release_date=date,
                dry_run=dry_run,
                resolution=resolution,
                publish=not draft,
                imported_by="manage.py import_ddat",
            )
        except DatabaseError as error:
            raise CommandError(f"The release could not be applied, and nothing was written: {error}") from None
        self.print_report(report)
        if report.refused and not dry_run:
            raise CommandError(
                f"{len(report.conflicts)} conflict{'s' if len(report.conflicts) != 1 else ''} with editors' changes: "
                "nothing was written. Run again with --keep-local (keep the editors' text) or --take-release "
                "(take the release's)."
            )

    def print_report(self, report) -> None:
        for warning in report.warnings:
            hint = " (give --release-date)" if warning.startswith("No release date given") else ""
            self.stderr.write(f"Warning: {warning}{hint}")
        if report.unchanged:
            self.stdout.write(f"Nothing to change: the database already matches this release ({report.summary()}).")
            return
        for note in report.notes:
            if note.action != "conflict":
                self.stdout.write(note.message)
        for conflict in report.conflicts:
            self.stdout.write(f"Conflict: {conflict.message}")
        if report.dry_run:
            self.stdout.write(f"Dry run, nothing written: {report.summary()}.")
            if report.refused:
                self.stdout.write(
                    "With these conflicts the import would be refused: choose --keep-local or --take-release."
                )
        elif report.applied:
            self.stdout.write(self.style.SUCCESS(f"Imported {report.release}: {report.summary()}."))
