"""``manage.py load_seed_data``: load the committed seed fixture. Idempotent: the
fixture's rows have fixed ids, so a second run rewrites the same rows and changes nothing."""

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
        self.stdout.write(f"Loaded the seed data: {Role.objects.count()} roles.")
