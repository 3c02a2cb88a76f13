from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.audit.models import AuditEvent
from dangvien.core.exceptions import ValidationFailed
from dangvien.rules.models import RuleParameter
from dangvien.rules.selectors import rule
from dangvien.rules.services import rule_set

pytestmark = pytest.mark.django_db
KEY = "cell.committee_max_members"


def _set(actor, value, on, source="Quy định 999-QĐ/TW"):
    return rule_set(
        actor=actor,
        key=KEY,
        value=value,
        unit="members",
        effective_from=on,
        title="Chi ủy tối đa",
        source=source,
    )


def test_new_value_applies_from_its_date_and_closes_the_previous(superuser):
    audits = AuditEvent.objects.count()
    _set(superuser, 9, date(2027, 1, 1))
    assert rule(KEY, on=date(2026, 12, 31)) == 7
    assert rule(KEY, on=date(2027, 1, 1)) == 9
    assert RuleParameter.objects.get(key=KEY, value=7).effective_to == date(2026, 12, 31)
    assert AuditEvent.objects.count() == audits + 2


def test_same_value_is_a_no_op(superuser):
    count = RuleParameter.objects.count()
    _set(superuser, 7, date(2027, 1, 1))
    assert RuleParameter.objects.count() == count


def test_rejects_missing_source_and_backdating(superuser):
    _set(superuser, 9, date(2027, 1, 1))
    count, audits = RuleParameter.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationFailed):
        _set(superuser, 8, date(2028, 1, 1), source=" ")
    with pytest.raises(ValidationFailed):
        _set(superuser, 8, date(2026, 1, 1))
    assert (RuleParameter.objects.count(), AuditEvent.objects.count()) == (count, audits)


def test_only_administrators_change_rules(org_tree, make_actor):
    staff = make_actor("staff", org_tree.province)
    with pytest.raises(PermissionDenied):
        _set(staff, 9, date(2027, 1, 1))
    assert rule(KEY, on=date(2027, 1, 1)) == 7
