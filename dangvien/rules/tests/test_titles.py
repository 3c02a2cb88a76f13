"""Every rule on the rulebook page is shown by its Vietnamese title; its key is only a small
code beside it (officers read the title, a key such as ``admission.min_age_months`` is English
to them)."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from dangvien.rules.keys import declared
from dangvien.rules.models import RuleParameter
from dangvien.rules.tests.test_keys import _import_declarations
from dangvien.users.tests.support import login

pytestmark = pytest.mark.django_db

_SECTION = re.compile(
    r'<section class="card rule" id="rule-(?P<key>[^"]+)">.*?'
    r'<h2 class="rule-title">(?P<title>.*?)</h2>\s*'
    r'<p class="small muted">(?P<label>[^<]*)<code>(?P<code>[^<]*)</code></p>',
    re.S,
)
#: what a title must not hold: a rule key or a coded value ("fee.keep_percent", "cell_months")
_CODE = re.compile(r"\b[a-z][a-z0-9]+(?:[._][a-z0-9]+)+\b")


def _lacks_vietnamese(title: str, key: str) -> str | None:
    """Why ``title`` is no Vietnamese title of ``key`` (None when it is one)."""
    if not title.strip():
        return "empty"
    if key in title or _CODE.search(title):
        return "a code"
    if not any(not ch.isascii() and ch.isalpha() for ch in title):
        return "no Vietnamese letter"  # English, or Vietnamese typed without its diacritics
    return None


@pytest.mark.parametrize("as_of", ["", "2000-01-01"], ids=["today", "before_2025_reforms"])
def test_every_rule_on_the_page_is_shown_by_its_vietnamese_title(client, superuser, as_of):
    # given
    _import_declarations()
    login(client, superuser, "root-pass-123")
    # when
    page = client.get(
        reverse("web:rules"), {"as_of": as_of} if as_of else {}, HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    # then
    shown = {m["key"]: m for m in _SECTION.finditer(page)}
    assert set(shown) == set(RuleParameter.objects.values_list("key", flat=True))
    assert set(declared.keys()) <= set(shown)
    for key, section in shown.items():
        title = unescape(section["title"])
        assert _lacks_vietnamese(title, key) is None, (key, title)
        # the key only as the small code after its Vietnamese label
        assert section["code"] == key
        assert unescape(section["label"]).strip() == "Mã quy định:"


def test_every_version_of_every_rule_has_a_vietnamese_title():
    # every version: the page shows the title of the version in force on the day it is read
    lacking = {
        (v.key, str(v.effective_from), v.title)
        for v in RuleParameter.objects.all()
        if _lacks_vietnamese(v.title, v.key) is not None
    }
    assert lacking == set()


@pytest.mark.parametrize(
    ("_case", "title"),
    [
        ("the key", "cell.committee_max_members"),
        ("english", "Maximum committee members of a cell"),
        ("without diacritics", "Chi uy toi da"),
        ("a code inside", "Số chi ủy viên tối đa (cell_committee)"),
        ("blank", "  "),
    ],
)
def test_a_new_version_without_a_vietnamese_title_is_refused(superuser, _case, title):
    from dangvien.audit.models import AuditEvent
    from dangvien.core.exceptions import ValidationFailed
    from dangvien.rules.services import rule_set

    # given
    before = (RuleParameter.objects.count(), AuditEvent.objects.count())
    # when
    with pytest.raises(ValidationFailed) as refused:
        rule_set(
            actor=superuser,
            key="cell.committee_max_members",
            value=9,
            unit="members",
            effective_from=date(2030, 1, 1),
            title=title,
            source="Quy định 999-QĐ/TW",
        )
    # then
    assert refused.value.field == "title"
    assert (RuleParameter.objects.count(), AuditEvent.objects.count()) == before
