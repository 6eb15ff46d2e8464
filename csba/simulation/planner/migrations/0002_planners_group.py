"""The planners role (a group like the others): planner pages only."""

from django.db import migrations


def add_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="planners")


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="planners").delete()


class Migration(migrations.Migration):
    dependencies = [("planner", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(add_group, remove_group)]
