"""Create the "Content editor" and "Content approver" groups, so a fresh install has them."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from roleprofiles.governance import ensure_groups

    ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("frameworks", "0002_history_on_every_model"),
        ("roleprofiles", "0002_role_publish_permission"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
