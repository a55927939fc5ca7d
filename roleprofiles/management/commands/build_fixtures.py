"""``manage.py build_fixtures [--output DIR]``: on an empty database, import every source
and write the seed fixture. A test rebuilds it and checks it equals the committed one."""

import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from roleprofiles.models import Role
from roleprofiles.seeding import seed_from_sources, seed_models


class Command(BaseCommand):
    help = "Rebuild fixtures/seed.json from the source documents (needs an empty, migrated database)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(settings.FIXTURES_DIR), help="Folder to write seed.json to.")

    def handle(self, *args, output, **options):
        if Role.objects.exists():
            raise CommandError("build_fixtures needs an empty database, so the fixture's ids are stable.")
        for line in seed_from_sources():
            self.stdout.write(line)
        buffer = io.StringIO()
        call_command("dumpdata", *seed_models(), indent=1, stdout=buffer)
        data = json.loads(buffer.getvalue())
        path = Path(output) / "seed.json"
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(f"Wrote {len(data)} objects to {path}")
