"""PostgreSQL: every word of every member's folded name, one row each, in the order of the word
and then of the name (``members_name_word``, its primary key). The name search
(``members.selectors._walk_words``, the function ``members_name_walk``) reads the names holding
every query word in name order, skipping from one candidate to the next through the key, and
stops at the rows asked for: a full name ("nguyen van hung") at national size had tens of
thousands of matches in the index of the names' words (0006), each read and sorted (3.5 s at
5.6 million members).

The table follows ``members_member`` by triggers, per statement with the statement's rows as
a table (one set-based insert for a COPY of a million members), so that every write (the
services, the bulk import, a migration, SQL by hand) keeps it true; a TRUNCATE empties it. The
column ``word`` compares byte by byte (``COLLATE "C"``) so that the words beginning with a
query word are one range of the key. On SQLite the migration does nothing (the search walks
the names there).
"""

from django.db import migrations

from dangvien.core.schema import postgresql_only

# the words of a name as the search splits them (``_name_query``: a word begins the name or
# follows a space), each once
WORDS_OF = "unnest(string_to_array({name}, ' ')) AS word"
# the rows of a name, found through the key (no index on the member is needed)
ROWS_OF_OLD = (
    "w.word = ANY(string_to_array(o.search_name, ' ')) "
    "AND w.search_name = o.search_name AND w.member_id = o.id"
)
RENAMED = "n.search_name IS DISTINCT FROM o.search_name"

# The names holding a word of every group (a query word: the words of names it begins), in
# name order after (after_name, after_id), up to ``wanted``: a leapfrog join of the groups'
# streams, each a range of the key, so that a step skips every name between two candidates
# ("nguyen van nga": from the first "nga" of the alphabet straight to the first "nguyen" at or
# after it, and so on), one probe of the key per word of the group.
WALK = """
CREATE FUNCTION members_name_walk(
    words text[], groups int[], after_name text, after_id bigint, wanted int
) RETURNS TABLE (member_id bigint, search_name text) LANGUAGE plpgsql STABLE AS $$
DECLARE
    group_count int := (SELECT max(g) FROM unnest(groups) AS g);
    current_group int := 1;
    key_name text := after_name;
    key_id bigint := after_id;
    past_key boolean := true;
    agreeing int := 0;
    emitted int := 0;
    best_name text;
    best_id bigint;
    seen_name text;
    seen_id bigint;
BEGIN
    IF group_count IS NULL OR wanted < 1 THEN
        RETURN;
    END IF;
    LOOP
        best_name := NULL;
        FOR i IN 1 .. array_length(words, 1) LOOP
            CONTINUE WHEN groups[i] <> current_group;
            IF past_key THEN
                SELECT w.search_name, w.member_id INTO seen_name, seen_id
                FROM members_name_word w
                WHERE w.word = words[i] AND (w.search_name, w.member_id) > (key_name, key_id)
                ORDER BY w.search_name, w.member_id LIMIT 1;
            ELSE
                SELECT w.search_name, w.member_id INTO seen_name, seen_id
                FROM members_name_word w
                WHERE w.word = words[i] AND (w.search_name, w.member_id) >= (key_name, key_id)
                ORDER BY w.search_name, w.member_id LIMIT 1;
            END IF;
            IF FOUND AND (best_name IS NULL OR (seen_name, seen_id) < (best_name, best_id)) THEN
                best_name := seen_name;
                best_id := seen_id;
            END IF;
        END LOOP;
        IF best_name IS NULL THEN
            RETURN;
        END IF;
        IF past_key OR best_name <> key_name OR best_id <> key_id THEN
            key_name := best_name;
            key_id := best_id;
            agreeing := 1;
            past_key := false;
        ELSE
            agreeing := agreeing + 1;
        END IF;
        IF agreeing = group_count THEN
            member_id := key_id;
            search_name := key_name;
            RETURN NEXT;
            emitted := emitted + 1;
            IF emitted >= wanted THEN
                RETURN;
            END IF;
            past_key := true;
            agreeing := 0;
        END IF;
        current_group := mod(current_group, group_count) + 1;
    END LOOP;
END $$
"""

FORWARD = [
    'CREATE TABLE members_name_word (word varchar(200) COLLATE "C" NOT NULL, '
    "search_name varchar(200) NOT NULL, member_id bigint NOT NULL, "
    "CONSTRAINT members_name_word_pkey PRIMARY KEY (word, search_name, member_id))",
    "CREATE FUNCTION members_name_word_inserted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO members_name_word (word, search_name, member_id) "
    f"SELECT DISTINCT word, n.search_name, n.id FROM new_names n, {WORDS_OF.format(name='n.search_name')} "
    "WHERE word <> ''; RETURN NULL; END $$",
    "CREATE FUNCTION members_name_word_updated() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "DELETE FROM members_name_word w USING old_names o JOIN new_names n ON n.id = o.id "
    f"WHERE {RENAMED} AND {ROWS_OF_OLD}; "
    "INSERT INTO members_name_word (word, search_name, member_id) "
    "SELECT DISTINCT word, n.search_name, n.id FROM old_names o JOIN new_names n ON n.id = o.id, "
    f"{WORDS_OF.format(name='n.search_name')} WHERE {RENAMED} AND word <> ''; "
    "RETURN NULL; END $$",
    "CREATE FUNCTION members_name_word_deleted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"DELETE FROM members_name_word w USING old_names o WHERE {ROWS_OF_OLD}; "
    "RETURN NULL; END $$",
    "CREATE FUNCTION members_name_word_truncated() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN TRUNCATE members_name_word; RETURN NULL; END $$",
    "CREATE TRIGGER members_name_word_inserted AFTER INSERT ON members_member "
    "REFERENCING NEW TABLE AS new_names FOR EACH STATEMENT "
    "EXECUTE FUNCTION members_name_word_inserted()",
    "CREATE TRIGGER members_name_word_updated AFTER UPDATE ON members_member "
    "REFERENCING OLD TABLE AS old_names NEW TABLE AS new_names FOR EACH STATEMENT "
    "EXECUTE FUNCTION members_name_word_updated()",
    "CREATE TRIGGER members_name_word_deleted AFTER DELETE ON members_member "
    "REFERENCING OLD TABLE AS old_names FOR EACH STATEMENT "
    "EXECUTE FUNCTION members_name_word_deleted()",
    "CREATE TRIGGER members_name_word_truncated AFTER TRUNCATE ON members_member "
    "FOR EACH STATEMENT EXECUTE FUNCTION members_name_word_truncated()",
    WALK,
    "INSERT INTO members_name_word (word, search_name, member_id) "
    f"SELECT DISTINCT word, m.search_name, m.id FROM members_member m, {WORDS_OF.format(name='m.search_name')} "
    "WHERE word <> ''",
    "ANALYZE members_name_word",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS members_name_word_inserted ON members_member",
    "DROP TRIGGER IF EXISTS members_name_word_updated ON members_member",
    "DROP TRIGGER IF EXISTS members_name_word_deleted ON members_member",
    "DROP TRIGGER IF EXISTS members_name_word_truncated ON members_member",
    "DROP FUNCTION IF EXISTS members_name_word_inserted()",
    "DROP FUNCTION IF EXISTS members_name_word_updated()",
    "DROP FUNCTION IF EXISTS members_name_word_deleted()",
    "DROP FUNCTION IF EXISTS members_name_word_truncated()",
    "DROP FUNCTION IF EXISTS members_name_walk(text[], int[], text, bigint, int)",
    "DROP TABLE IF EXISTS members_name_word",
]


class Migration(migrations.Migration):
    dependencies = [("members", "0008_list_order_index")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
