"""PostgreSQL: attendance partitioned by the year of the meeting (issue 19)."""

from django.db import migrations


def forward(apps, schema_editor):
    from dangvien.core.partitioning import partition_by_year

    partition_by_year(schema_editor, "meetings_attendance", "held_on")


class Migration(migrations.Migration):
    atomic = True
    dependencies = [("meetings", "0004_votes_and_documents")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
