"""PostgreSQL: fee payments partitioned by the year of the month paid for (issue 19)."""

from django.db import migrations

from dangvien.core.partitioning import partition_by_year_operation


class Migration(migrations.Migration):
    dependencies = [("fees", "0003_fee_rules")]

    operations = [partition_by_year_operation("fees_feepayment", "month")]
