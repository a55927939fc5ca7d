"""``manage.py rebuild_search_index``: index everything the apps register, from scratch (after a
bulk load, which sends no save signals)."""

from django.core.management.base import BaseCommand

from search.services import rebuild_search_index


class Command(BaseCommand):
    help = "Rebuild the search index from the content, from scratch."

    def handle(self, *args, **options):
        documents = rebuild_search_index()
        if options["verbosity"]:
            self.stdout.write(f"{documents} documents in the search index.")
