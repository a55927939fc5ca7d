# Keywords: what an object is made of (a role's required skills), ranked with the description
# and never shown, so a role whose required skills name the words ranks above one whose
# descriptors mention them in passing; on PostgreSQL the distinct words and stems of the title,
# description and keywords (about_words, about_vector) tell the one from the other. SQLite's FTS5 tables cannot gain a column: they are made
# again with it and refilled from the documents. The keywords themselves are filled by
# `manage.py rebuild_search_index` (which load_seed_data runs); until then they are empty.

import django.contrib.postgres.search
from django.db import migrations, models

TOKENIZE = "tokenize = 'porter unicode61 remove_diacritics 2'"
WORDS_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"
ABOUT = "coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || coalesce(keywords, '')"
POSTGRES_FORWARDS = [
    f"UPDATE search_searchdocument SET about_words = strip(to_tsvector('simple', {ABOUT})), "
    f"about_vector = strip(to_tsvector('english', {ABOUT}))",
]
SQLITE_FORWARDS = [
    "DROP TABLE search_fts",
    f"CREATE VIRTUAL TABLE search_fts USING fts5(title, description, keywords, body, kind UNINDEXED, {TOKENIZE})",
    "INSERT INTO search_fts (rowid, title, description, keywords, body, kind) "
    "SELECT id, title, description, keywords, body, kind FROM search_searchdocument",
    "DROP TABLE search_fts_words",
    f"CREATE VIRTUAL TABLE search_fts_words USING fts5(title, description, keywords, body, {WORDS_TOKENIZE})",
    "INSERT INTO search_fts_words (rowid, title, description, keywords, body) "
    "SELECT id, title, description, keywords, body FROM search_searchdocument",
]
SQLITE_BACKWARDS = [
    "DROP TABLE search_fts",
    f"CREATE VIRTUAL TABLE search_fts USING fts5(title, description, body, kind UNINDEXED, {TOKENIZE})",
    "INSERT INTO search_fts (rowid, title, description, body, kind) "
    "SELECT id, title, description, body, kind FROM search_searchdocument",
    "DROP TABLE search_fts_words",
    f"CREATE VIRTUAL TABLE search_fts_words USING fts5(title, description, body, {WORDS_TOKENIZE})",
    "INSERT INTO search_fts_words (rowid, title, description, body) "
    "SELECT id, title, description, body FROM search_searchdocument",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_exact_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="keywords",
            field=models.TextField(
                blank=True,
                default="",
                help_text="What the object is made of (a role's required skills): ranks with the description, never shown.",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="about_words",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="about_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(
            run({"postgresql": POSTGRES_FORWARDS, "sqlite": SQLITE_FORWARDS}), run({"sqlite": SQLITE_BACKWARDS})
        ),
    ]
