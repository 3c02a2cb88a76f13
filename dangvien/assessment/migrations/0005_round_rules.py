from typing import Any

from django.db import migrations

from dangvien.assessment.seed import ROUND_RULES
from dangvien.rules.seed import seed_rules


def load(apps: Any, schema_editor: Any) -> None:
    seed_rules(apps, ROUND_RULES)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0004_rounds"), ("rules", "0002_initial_rulebook")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
