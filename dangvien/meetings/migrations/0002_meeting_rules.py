from typing import Any

from django.db import migrations

from dangvien.meetings.seed import MEETING_RULES
from dangvien.rules.seed import seed_rules


def load(apps: Any, schema_editor: Any) -> None:
    seed_rules(apps, MEETING_RULES)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial"), ("rules", "0002_initial_rulebook")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
