"""On PostgreSQL the database itself refuses to change or remove an audit row.

A trigger on UPDATE and DELETE (each row) raises; TRUNCATE is left alone (a test database is
flushed with it). SQLite has no roles to protect the table from anyway, so nothing is created
there; the model refuses in Python on both (``AuditEvent.save``/``delete``, the queryset).
"""

from django.db import migrations

from dangvien.core.schema import postgresql_only

CREATE = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only: %% refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_append_only();
"""


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0003_audit_chain"),
    ]

    operations = [postgresql_only([CREATE], [DROP])]
