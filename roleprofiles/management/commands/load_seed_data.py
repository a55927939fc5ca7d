"""``manage.py load_seed_data``: load the committed seed fixture, then build the search
index from it. Idempotent: the fixture's rows have fixed ids, so a second run rewrites the
same rows and changes nothing; the index is rebuilt from scratch each time."""

import io

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from roleprofiles.models import Role


class Command(BaseCommand):
    help = "Load the seed content (both role profiles, frameworks, reference content) from fixtures/seed.json."

    def handle(self, *args, **options):
        with transaction.atomic():
            call_command("loaddata", str(settings.FIXTURES_DIR / "seed.json"), verbosity=0)
            index = io.StringIO()
            call_command("rebuild_search_index", stdout=index)
        roles = Role.objects.count()
        self.stdout.write(f"Loaded the seed data: {roles} roles; {index.getvalue().strip()}")
