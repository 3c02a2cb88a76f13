from typing import Any

from django.db import migrations

from dangvien.committees.seed import COMMITTEE_RULES
from dangvien.rules.seed import seed_rules


def load(apps: Any, schema_editor: Any) -> None:
    seed_rules(apps, COMMITTEE_RULES)


class Migration(migrations.Migration):
    dependencies = [("committees", "0004_term_pilot"), ("rules", "0002_initial_rulebook")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
