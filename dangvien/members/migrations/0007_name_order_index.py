"""The members in name order with their ids, one index (``member_name_order``): the name
search walks it from the first name without reading the table (an index-only scan on
PostgreSQL, a covering index on SQLite). It replaces the index on ``search_name`` alone (and,
on PostgreSQL, its ``varchar_pattern_ops`` twin, which the index of the name's words of 0006
made unused)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("members", "0006_name_words_index")]

    operations = [
        migrations.AlterField(
            model_name="member",
            name="search_name",
            field=models.CharField(editable=False, max_length=200),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["search_name", "id"], name="member_name_order"),
        ),
    ]
