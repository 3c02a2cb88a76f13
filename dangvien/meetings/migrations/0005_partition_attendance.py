"""PostgreSQL: attendance partitioned by the year of the meeting (issue 19)."""

from django.db import migrations

from dangvien.core.partitioning import partition_by_year_operation


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_votes_and_documents")]

    operations = [partition_by_year_operation("meetings_attendance", "held_on")]
