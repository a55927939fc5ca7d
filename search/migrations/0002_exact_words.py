# An unstemmed list of each document's words, so ranking can put exact-word matches above
# stem-only ones ("governance" above "government"): a 'simple' tsvector column on PostgreSQL,
# an FTS5 table with the plain unicode61 tokenizer on SQLite. Both are filled from the rows
# already indexed, so no rebuild is needed after migrating.

import django.contrib.postgres.search
from django.db import migrations

POSTGRES_FORWARDS = [
    # strip(): the distinct words without positions (see PostgresBackend.index).
    "UPDATE search_searchdocument SET words = strip(to_tsvector('simple', "
    "coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || coalesce(body, '')))",
]
SQLITE_FORWARDS = [
    "CREATE VIRTUAL TABLE search_fts_words USING fts5("
    "title, description, body, tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO search_fts_words (rowid, title, description, body) "
    "SELECT d.id, d.title, d.description, d.body FROM search_searchdocument d JOIN search_fts f ON f.rowid = d.id",
]
SQLITE_BACKWARDS = ["DROP TABLE IF EXISTS search_fts_words"]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="words",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(
            run({"postgresql": POSTGRES_FORWARDS, "sqlite": SQLITE_FORWARDS}),
            run({"sqlite": SQLITE_BACKWARDS}),
        ),
    ]
