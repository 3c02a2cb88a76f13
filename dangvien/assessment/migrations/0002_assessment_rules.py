from typing import Any

from django.db import migrations

from dangvien.assessment.seed import ASSESSMENT_RULES
from dangvien.rules.seed import seed_rules


def load(apps: Any, schema_editor: Any) -> None:
    seed_rules(apps, ASSESSMENT_RULES)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial"), ("rules", "0002_initial_rulebook")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
