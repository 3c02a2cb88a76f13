"""Each meeting's attendance rows and those present, kept on the meeting (issue 19): the
year's figures of a province add up meetings instead of reading every attendance row.

The counts of the meetings already recorded are set from their rows here, in one statement
(SQLite 3.33+ and PostgreSQL both read ``UPDATE … FROM`` and ``count(*) FILTER``); from now on
``meetings.services.attendance_counts_refresh`` keeps them."""

from django.db import migrations, models

FILL = """
UPDATE meetings_meeting
   SET attendance_count = counted.rows_, present_count = counted.present_
  FROM (SELECT meeting_id,
               count(*) AS rows_,
               count(*) FILTER (WHERE status = 'present') AS present_
          FROM meetings_attendance
         GROUP BY meeting_id) AS counted
 WHERE meetings_meeting.id = counted.meeting_id
"""


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_partition_attendance")]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="attendance_count",
            field=models.PositiveIntegerField(default=0, db_default=0, editable=False),
        ),
        migrations.AddField(
            model_name="meeting",
            name="present_count",
            field=models.PositiveIntegerField(default=0, db_default=0, editable=False),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
