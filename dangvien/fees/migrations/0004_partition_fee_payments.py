"""PostgreSQL: fee payments partitioned by the year of the month paid for (issue 19)."""

from django.db import migrations


def forward(apps, schema_editor):
    from dangvien.core.partitioning import partition_by_year

    partition_by_year(schema_editor, "fees_feepayment", "month")


class Migration(migrations.Migration):
    atomic = True
    dependencies = [("fees", "0003_fee_rules")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
