"""Trigram indexes for searching names without diacritics at national scale (PostgreSQL only).

Names are stored folded (``search_name``, ``search_text``); a ``LIKE '% word%'`` or ``LIKE
'word%'`` match uses these GIN indexes on PostgreSQL. On SQLite the migration does nothing (the
b-tree index on the folded name serves prefix matches). Creating the extension needs a role that
may create extensions; on a managed server create ``pg_trgm`` beforehand.
"""

from django.db import migrations

from dangvien.core.schema import postgresql_only

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS member_search_name_trgm ON members_member USING gin (search_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS orgversion_search_text_trgm ON organizations_organizationversion "
    "USING gin (search_text gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS member_search_name_trgm",
    "DROP INDEX IF EXISTS orgversion_search_text_trgm",
]


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_card_register_and_badges"),
        ("organizations", "0001_initial"),
    ]

    operations = [postgresql_only(FORWARD, BACKWARD)]
