"""The member's name in Vietnamese list order as sortable text (``core.text.person_list_key``),
so that member lists are ordered and paged by the database instead of in Python."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from dangvien.core.text import person_list_key

    Member = apps.get_model("members", "Member")
    batch = []
    for member in Member.objects.only("id", "full_name").iterator(chunk_size=5000):
        member.list_key = person_list_key(member.full_name)
        batch.append(member)
        if len(batch) == 5000:
            Member.objects.bulk_update(batch, ["list_key"])
            batch = []
    Member.objects.bulk_update(batch, ["list_key"])


class Migration(migrations.Migration):
    dependencies = [("members", "0004_period_sex_and_slimmer_indexes")]

    operations = [
        migrations.AddField(
            model_name="member",
            name="list_key",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
