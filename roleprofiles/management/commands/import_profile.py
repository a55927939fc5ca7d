"""``manage.py import_profile PATH [PATH ...] [--title T] [--slug S] [--dry-run]``

Import job role profiles exported from Role Model Plus as text. The whole run is one
transaction: a file that cannot be read stops the run, names the file and line, exits
non-zero and writes nothing. Every file is read and checked (its size, its format, and each
value against the length its column holds) before anything is written.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.commands import read_named_file
from roleprofiles.rmp.importer import DryRunRollback, check_before_import, import_profile
from roleprofiles.rmp.parsing import (
    MAX_PROFILE_BYTES,
    ProfileParseError,
    check_profile_size,
    decode_profile_bytes,
    parse_profile,
)


class Command(BaseCommand):
    help = "Import job role profiles in the Role Model Plus text export format."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--title", help="The role's title (the exports state none). One file only.")
        parser.add_argument("--slug", help="The role's slug in URLs. One file only.")
        parser.add_argument("--family", help="The job family to put the role in.")
        parser.add_argument("--publish", action="store_true", help="Publish the role (new roles are drafts).")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *args, paths, title, slug, family, publish, dry_run, **options):
        if len(paths) > 1 and (title or slug):
            raise CommandError("--title and --slug name one role: give one PATH with them.")
        parsed = [self._parse(Path(path), title=title, slug=slug, family=family) for path in paths]
        reports = []
        try:
            with transaction.atomic():
                for profile in parsed:
                    reports.append(
                        import_profile(parsed=profile, title=title, slug=slug, family=family, publish=publish)
                    )
                if dry_run:
                    raise DryRunRollback
        except ProfileParseError as exc:
            raise CommandError(f"{exc} (nothing was imported)") from exc
        except DryRunRollback:
            pass
        for report in reports:
            report.dry_run = dry_run
            self.stdout.write(report.summary_line())
            for change in report.changes:
                self.stdout.write(f"  changed: {change}")
            for warning in report.warnings:
                self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")

    def _parse(self, path: Path, **options):
        # Enough to know the file is too large, and no more.
        data = read_named_file(path, note="nothing was imported", limit=MAX_PROFILE_BYTES + 1)
        try:
            check_profile_size(len(data), filename=str(path))
        except ProfileParseError as exc:
            raise CommandError(f"{exc} (nothing was imported)") from exc
        try:
            parsed = parse_profile(decode_profile_bytes(data, filename=str(path)), filename=str(path))
            check_before_import(parsed, **options)
            return parsed
        except ProfileParseError as exc:
            raise CommandError(f"{exc} (nothing was imported)") from exc
