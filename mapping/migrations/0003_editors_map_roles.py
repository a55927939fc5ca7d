"""Editors confirm, reject and add mappings: give the content groups the mapping permissions."""

from django.db import migrations


def update_groups(apps, schema_editor):
    from roleprofiles.governance import ensure_groups

    ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("mapping", "0002_confirmed_mappings"),
        ("roleprofiles", "0003_content_groups"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
