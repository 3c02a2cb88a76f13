"""The Vietnamese catalog is complete: no empty and no fuzzy entry."""

from pathlib import Path

import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
# Every app keeps its own catalog (dangvien/<app>/locale/…): an app brings its translations
# with it; the project catalog holds only the base templates'. Django merges them all.
APP_CATALOGS = sorted(Path(settings.BASE_DIR).glob("dangvien/*/locale/vi/LC_MESSAGES/django.po"))


def entries(text: str) -> list[dict[str, str]]:
    """Parse a .po file into entries with flags, msgid and msgstr (continuation lines joined)."""
    result: list[dict[str, str]] = []
    current: dict[str, str] = {}
    key = ""
    for line in [*text.splitlines(), ""]:
        if not line.strip():
            if current:
                result.append(current)
            current, key = {}, ""
        elif line.startswith("#,"):
            current["flags"] = current.get("flags", "") + line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith("msg"):
            key, _, value = line.partition(" ")
            current[key] = value.strip()[1:-1]
        elif line.startswith('"') and key:
            current[key] += line.strip()[1:-1]
    return result


@pytest.mark.parametrize(
    "catalog", [PO, *APP_CATALOGS], ids=lambda p: str(p.parent.parent.parent.parent.name)
)
def test_vi_catalog_has_no_untranslated_or_fuzzy_entries(catalog):
    items = [e for e in entries(catalog.read_text(encoding="utf-8")) if e.get("msgid")]
    assert len(items) > 0
    fuzzy = [e["msgid"] for e in items if "fuzzy" in e.get("flags", "")]
    empty = [e["msgid"] for e in items if not e.get("msgstr", e.get("msgstr[0]", ""))]
    assert fuzzy == []
    assert empty == []
    assert catalog.with_suffix(".mo").exists()


@pytest.mark.parametrize(
    "catalog", [PO, *APP_CATALOGS], ids=lambda p: str(p.parent.parent.parent.parent.name)
)
def test_no_translation_is_written_twice_over(catalog):
    # a translation pasted twice ("… Điều 7).Không khai trừ … Điều 7).") reads as a stutter
    items = [e for e in entries(catalog.read_text(encoding="utf-8")) if e.get("msgid")]
    doubled = [
        e["msgid"]
        for e in items
        if len(text := e.get("msgstr", "")) > 20 and text[: len(text) // 2] * 2 == text
    ]
    assert doubled == []


def test_our_translations_are_the_ones_shown():
    """gettext keeps one translation per msgid, from the first installed app that has it, and
    Django's own apps come first (admin: "History" → "Bản ghi nhớ", "Change" → "Thay đổi"):
    every msgid of ours must come out as one of our translations, else it needs a context."""
    from django.utils import translation

    ours: dict[str, set[str]] = {}
    for catalog in [PO, *APP_CATALOGS]:
        for e in entries(catalog.read_text(encoding="utf-8")):
            if e.get("msgid") and "msgctxt" not in e and "msgid_plural" not in e:
                ours.setdefault(e["msgid"], set()).add(e.get("msgstr", "").replace('\\"', '"'))
    with translation.override("vi"):
        shown_elsewhere = {
            msgid: translation.gettext(msgid)
            for msgid, translations in ours.items()
            if "\\" not in msgid and translation.gettext(msgid) not in translations
        }
    assert shown_elsewhere == {}


def _words_of_two_meanings() -> list[tuple[str, object, str]]:
    from dangvien.admissions.choices import CandidateStatus, CheckStatus
    from dangvien.assessment.models import AssessmentStep
    from dangvien.decisions.choices import ProposalStatus
    from dangvien.discipline.models import DisciplineCase, DisciplineDecision
    from dangvien.reports.models import ReportStatus

    return [
        ("discipline form", DisciplineDecision._meta.get_field("form").verbose_name, "hình thức kỷ luật"),
        ("assessment form", AssessmentStep._meta.get_field("form").verbose_name, "mẫu"),
        ("case opened on", DisciplineCase._meta.get_field("opened_on").verbose_name, "mở ngày"),
        ("check failed", CheckStatus.FAILED.label, "không đạt"),
        ("candidate withdrawn", CandidateStatus.WITHDRAWN.label, "Dừng xem xét"),
        ("proposal withdrawn", ProposalStatus.WITHDRAWN.label, "Đã rút đề nghị"),
        ("report approved", ReportStatus.APPROVED.label, "Đã duyệt"),
        ("proposal approved", ProposalStatus.APPROVED.label, "Đồng ý"),
    ]  # fmt: skip


def test_a_word_of_two_meanings_reads_in_each_by_its_context():
    """User walk: the form of discipline read "mẫu", the assessment forms' translation of the
    msgid "form" (one translation per msgid, the first app's): a short word that means two
    things carries a context in one of them at least."""
    from django.utils import translation

    with translation.override("vi"):
        shown = {case: str(label) for case, label, _expected in _words_of_two_meanings()}
        assert shown == {case: expected for case, _label, expected in _words_of_two_meanings()}
        # the templates' words ("Opened on" of a case, "By" of a finding resolved, "Source"
        # of a rule's basis)
        assert translation.pgettext("discipline case", "Opened on") == "Ngày mở hồ sơ"
        assert translation.gettext("Opened on") == "Ngày mở đợt"
        assert translation.pgettext("finding resolved", "By") == "Người xử lý"
        assert translation.pgettext("legal basis", "Source") == "Căn cứ"


def test_the_bounds_of_a_number_read_in_plain_vietnamese():
    """Django's own catalogue gave "Đảm bảo giá trị này là nhỏ hơn hoặc bằng với 100 ." (a
    self-assessment's score of 101)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import MaxValueValidator, MinValueValidator
    from django.utils import translation

    messages = []
    with translation.override("vi"):
        for validator, value in ((MaxValueValidator(100), 101), (MinValueValidator(0), -1)):
            try:
                validator(value)
            except ValidationError as error:
                messages += error.messages
    assert messages == ["Giá trị phải nhỏ hơn hoặc bằng 100.", "Giá trị phải lớn hơn hoặc bằng 0."]
