from django.db import migrations

from dangvien.rules.seed import load_initial_rules


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]

    operations = [migrations.RunPython(load_initial_rules, migrations.RunPython.noop)]
