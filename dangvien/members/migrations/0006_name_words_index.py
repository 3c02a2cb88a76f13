"""The name search's index on PostgreSQL: the words of the folded name (``to_tsvector('simple',
search_name)``, GIN), searched by word prefix (``members.selectors._name_query``). It replaces
the trigram index of 0003 on the name: a trigram of a common name ("ng", "an") narrows little,
a word narrows to the names that hold it. On SQLite the migration does nothing.
"""

from django.db import migrations

from dangvien.core.schema import postgresql_only

FORWARD = [
    "CREATE INDEX IF NOT EXISTS member_search_words ON members_member "
    "USING gin (to_tsvector('simple'::regconfig, search_name))",
    "DROP INDEX IF EXISTS member_search_name_trgm",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS member_search_name_trgm ON members_member "
    "USING gin (search_name gin_trgm_ops)",
    "DROP INDEX IF EXISTS member_search_words",
]


class Migration(migrations.Migration):
    dependencies = [("members", "0005_member_list_key")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
