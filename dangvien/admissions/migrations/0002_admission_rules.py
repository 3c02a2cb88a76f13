"""Rules of the admission pipeline that the initial rulebook does not hold."""

from typing import Any

from django.db import migrations

from dangvien.admissions.seed import ADMISSION_RULES
from dangvien.rules.seed import seed_rules


def load(apps: Any, schema_editor: Any) -> None:
    seed_rules(apps, ADMISSION_RULES)


def unload(apps: Any, schema_editor: Any) -> None:
    rule_parameter = apps.get_model("rules", "RuleParameter")
    rule_parameter.objects.filter(key__in=[r["key"] for r in ADMISSION_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("admissions", "0001_initial"),
        ("rules", "0002_initial_rulebook"),
    ]

    operations = [migrations.RunPython(load, unload)]
