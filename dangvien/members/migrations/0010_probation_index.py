"""The periods of probation by their end (``member_period_probation_idx``, partial): the
probationary members at a day are those whose probation is still open then, read without a scan
of every period (the members due for recognition of a whole tree at national size: 3.9 s)."""

from django.db import migrations, models

import dangvien.members.models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0009_name_words_table"),
        ("organizations", "0002_organization_dissolved_idx"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="memberperiod",
            index=models.Index(
                dangvien.members.models.OpenEnd(),
                condition=models.Q(("status", "probationary")),
                name="member_period_probation_idx",
            ),
        ),
    ]
