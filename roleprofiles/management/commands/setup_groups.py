"""Create or update the content groups (idempotent); run after new content models are added."""

from django.core.management.base import BaseCommand

from roleprofiles.governance import ensure_groups


class Command(BaseCommand):
    help = 'Create or update the "Content editor" and "Content approver" groups and their permissions.'

    def handle(self, *args, **options):
        for name, count in ensure_groups().items():
            self.stdout.write(f"{name}: {count} permissions")
