from typing import Any

from django.db import migrations

from dangvien.fees.seed import FEE_RULES
from dangvien.rules.seed import seed_rules


def load(apps: Any, schema_editor: Any) -> None:
    seed_rules(apps, FEE_RULES)


class Migration(migrations.Migration):
    dependencies = [("fees", "0002_bases_reliefs_remittances"), ("rules", "0002_initial_rulebook")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
