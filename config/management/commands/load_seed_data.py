"""``manage.py load_seed_data``: the whole site's content (so it lives at the top, in config):
load the committed seed fixture, import the vendored release of the DDaT framework from its CSV
files, then build the search index from it all. Idempotent: the fixture's rows have fixed ids,
so a second run rewrites the same rows and changes nothing; the DDaT release, already applied,
changes nothing; the index is rebuilt from scratch each time."""

import io

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ddat.parsing import DdatFileError
from ddat.seeding import load_vendored_release
from mapping.services import recompute_mappings
from roleprofiles.models import Role


class Command(BaseCommand):
    help = (
        "Load the seed content (both role profiles, frameworks, reference content) from fixtures/seed.json "
        "and the DDaT framework from fixtures/sources/ddat/."
    )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                call_command("loaddata", str(settings.FIXTURES_DIR / "seed.json"), verbosity=0)
                ddat = load_vendored_release()
                recompute_mappings()
                index = io.StringIO()
                call_command("rebuild_search_index", stdout=index)
        except (DdatFileError, RuntimeError) as error:
            raise CommandError(str(error)) from None
        roles = Role.objects.count()
        self.stdout.write(ddat)
        self.stdout.write(f"Loaded the seed data: {roles} roles; {index.getvalue().strip()}")
