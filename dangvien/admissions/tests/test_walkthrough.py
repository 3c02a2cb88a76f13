"""Issue 6 walkthrough through the web forms: a cell registers a candidate, sees what is
missing, records the steps; the commune's staff records the decision; the cell holds the
ceremony; the commune's targets page counts one admission more. A viewer is refused (403) on
every form and nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from dangvien.accounts.models import User
from dangvien.admissions.models import Candidate
from dangvien.admissions.tests.support import DOCUMENT_STEPS, counts, official
from dangvien.competence.choices import DecisionKind
from dangvien.competence.services import authorisation_grant
from dangvien.core.decisions import Decision
from dangvien.members.models import Member
from dangvien.organizations.models import Organization
from dangvien.organizations.services import organization_create
from dangvien.targets.models import AdmissionTarget
from dangvien.targets.services import admission_target_set

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _recorded_later(today_is):
    """The walkthrough runs into 2027: read as recorded in 2028."""
    today_is(date(2028, 1, 1))


VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


@dataclass
class Tree:
    commune: Organization
    cell: Organization
    secretary: User
    staff: User
    viewer: User
    introducers: list[Member]


@pytest.fixture
def tree(superuser, make_actor) -> Tree:
    def make(code: str, name: str, kind: str, parent: Organization | None, sector: str):
        return organization_create(
            actor=superuser,
            code=code,
            name=name,
            kind=kind,
            sector=sector,
            parent=parent,
            established_on=date(2000, 1, 1),
        )

    commune = make("X-TM", "Đảng bộ xã Tháp Mười", "grassroots_committee", None, "commune")
    cell = make("CB-1", "Chi bộ ấp 1", "cell", commune, "residential")
    # a grassroots committee authorised to admit and recognise decides them itself (§2.3)
    for kind in (DecisionKind.ADMISSION, DecisionKind.RECOGNITION, DecisionKind.READMISSION):
        authorisation_grant(
            actor=superuser,
            organization=commune,
            kind=kind,
            valid_from=date(2020, 1, 1),
            decision=Decision("03-QĐ/TU", date(2019, 12, 20), "Ban Thường vụ Tỉnh ủy"),
        )
    admission_target_set(
        actor=superuser,
        organization=commune,
        period_from=date(2025, 7, 1),
        period_to=date(2030, 6, 30),
        admissions=40,
    )
    introducers = [
        official(superuser, cell, "Lê Văn Một"),
        official(superuser, cell, "Phạm Văn Hai"),
    ]
    return Tree(
        commune,
        cell,
        make_actor("cell_secretary", cell),
        make_actor("staff", commune),
        make_actor("viewer", commune),
        introducers,
    )


def _ok(response) -> None:
    assert response.status_code == 302, response.content.decode()[-3000:]


def test_walkthrough_through_the_forms(client, tree):
    targets_url = f"/org/{tree.commune.code}/admissions/targets/"
    client.force_login(tree.staff)
    before = client.get(targets_url, **VI).context["progress"]
    assert (before.admitted, before.percent) == (0, 0.0)

    # the cell registers the candidate from its board
    client.force_login(tree.secretary)
    board = client.get(f"/org/{tree.cell.code}/admissions/", **VI)
    assert f"/org/{tree.cell.code}/admissions/register/" in board.content.decode()
    response = client.post(
        f"/org/{tree.cell.code}/admissions/register/",
        {
            "full_name": "Trần Thị Bình",
            "sex": "F",
            "birth_date": "01/01/2000",
            "education": "12/12",
            "occupation": "Giáo viên",
            "source": "residence",
            "joined_unit_on": "2020-01-01",
        },
        **VI,
    )
    _ok(response)
    candidate = Candidate.objects.get(full_name="Trần Thị Bình")
    page = f"/admissions/candidate/{candidate.pk}/"
    assert response["Location"] == page

    # the checklist says what is still missing
    response = client.get(page, **VI)
    missing = {i.key for i in response.context["missing"]}
    assert {"course", "application", "introducers", "vote"} <= missing
    assert "age" not in missing and "education" not in missing
    html = response.content.decode()
    assert "điều kiện còn thiếu hoặc chưa đạt" in html
    assert "Người giới thiệu" in html

    # introducers: name search among the cell's official members, then the choice
    response = client.get(f"{page}introducers/?q=mot", **VI)
    choices = list(response.context["form"].fields["introducers"].queryset)
    assert [m.full_name for m in choices] == ["Lê Văn Một"]
    _ok(client.post(f"{page}introducers/", {"introducers": [m.pk for m in tree.introducers]}, **VI))

    # the documents, one step form each
    day = date(2025, 10, 1)
    for _step in DOCUMENT_STEPS:
        _ok(client.post(page, {"done_on": day.isoformat(), "document_number": "x"}, **VI))
        day += timedelta(days=7)
    assert client.get(page, **VI).context["missing"] == [
        i for i in client.get(page).context["checklist"] if i.key == "vote"
    ]

    # the cell vote refused below two thirds, shown next to the field, then passed
    response = client.post(
        page,
        {"done_on": "2026-01-26", "document_number": "NQ-01", "members_called": 3, "votes_for": 1},
        **VI,
    )
    assert response.status_code == 200
    assert "2/3" in response.content.decode()
    _ok(
        client.post(
            page,
            {
                "done_on": "2026-01-26",
                "document_number": "NQ-01",
                "members_called": 3,
                "votes_for": 3,
            },
            **VI,
        )
    )
    _ok(client.post(page, {"done_on": "2026-02-02", "document_number": "TT-01"}, **VI))

    # the decision belongs to the commune's staff: the cell sees no form and is refused
    assert client.get(page, **VI).context["form"] is None
    assert client.post(page, {"done_on": "2026-02-10"}, **VI).status_code == 403
    client.force_login(tree.staff)
    response = client.post(page, {"done_on": "2026-02-10", "document_number": "15-QĐ/ĐU"}, **VI)
    assert response.status_code == 200 and response.context["form"].errors["issuer"]
    _ok(
        client.post(
            page,
            {"done_on": "2026-02-10", "document_number": "15-QĐ/ĐU", "issuer": "Đảng ủy xã"},
            **VI,
        )
    )

    # the cell holds the ceremony
    client.force_login(tree.secretary)
    _ok(client.post(page, {"done_on": "2026-03-10"}, **VI))
    candidate.refresh_from_db()
    assert candidate.status == "probation" and candidate.member is not None

    # the commune's targets page counts one more, the percentage recomputed
    client.force_login(tree.staff)
    response = client.get(targets_url, **VI)
    after = response.context["progress"]
    assert (after.admitted, after.percent) == (1, 2.5)
    assert "2,5%" in response.content.decode()

    # twelve months later the new member is due for recognition
    due = client.get(f"/org/{tree.cell.code}/members/recognition/?as_of=2027-03-10", **VI)
    assert "Trần Thị Bình" in due.content.decode()
    early = client.get(f"/org/{tree.cell.code}/members/recognition/?as_of=2026-06-01", **VI)
    assert "Trần Thị Bình" not in early.content.decode()

    # recognition: the cell's vote, then the committee's decision
    client.force_login(tree.secretary)
    _ok(
        client.post(
            f"{page}recognition-vote/",
            {"voted_on": "2027-03-15", "members_called": 3, "votes_for": 3},
            **VI,
        )
    )
    client.force_login(tree.staff)
    _ok(
        client.post(
            f"{page}recognise/",
            {
                "decision_number": "30-QĐ/ĐU",
                "decision_date": "2027-03-20",
                "decision_issuer": "Đảng ủy xã",
            },
            **VI,
        )
    )
    candidate.refresh_from_db()
    assert candidate.status == "recognised"


def test_readmission_days_off_extension_and_targets_forms(client, superuser, tree):
    client.force_login(tree.staff)
    # days off on the board
    _ok(
        client.post(
            f"/org/{tree.commune.code}/admissions/days-off/",
            {"day": "2026-03-02", "reason": "Đại hội"},
            **VI,
        )
    )
    assert "Đại hội" in client.get(f"/org/{tree.cell.code}/admissions/", **VI).content.decode()
    response = client.post(
        f"/org/{tree.commune.code}/admissions/days-off/", {"day": "2026-03-03", "reason": " "}, **VI
    )
    assert response.status_code == 200 and response.context["form"].errors

    # a year target for the cell, within the commune's term
    response = client.post(
        f"/org/{tree.commune.code}/admissions/targets/",
        {
            "organization": str(tree.cell.pk),
            "kind": "term",
            "period_from": "2024-01-01",
            "period_to": "2026-12-31",
            "admissions": 5,
        },
        **VI,
    )
    assert response.status_code == 200
    assert "cấp trên" in str(response.context["form"].errors["period_from"])
    _ok(
        client.post(
            f"/org/{tree.commune.code}/admissions/targets/",
            {
                "organization": str(tree.cell.pk),
                "kind": "term",
                "period_from": "2025-07-01",
                "period_to": "2030-06-30",
                "admissions": 5,
            },
            **VI,
        )
    )
    assert AdmissionTarget.objects.get(organization=tree.cell).admissions == 5

    # the introducers form refuses three members, next to the field
    client.force_login(tree.secretary)
    _ok(
        client.post(
            f"/org/{tree.cell.code}/admissions/register/",
            {
                "full_name": "Ngô Văn Ba",
                "sex": "M",
                "birth_date": "1999-05-05",
                "source": "youth_union",
            },
            **VI,
        )
    )
    candidate = Candidate.objects.get(full_name="Ngô Văn Ba")
    third = official(superuser, tree.cell, "Đỗ Văn Ba")
    response = client.post(
        f"/admissions/candidate/{candidate.pk}/introducers/",
        {"introducers": [m.pk for m in [*tree.introducers, third]]},
        **VI,
    )
    assert response.status_code == 200
    assert "đảng viên giới thiệu" in str(response.context["form"].errors["introducers"])
    _ok(
        client.post(
            f"/admissions/candidate/{candidate.pk}/introducers/",
            {"introducers": [tree.introducers[0].pk], "union_body": "youth_union"},
            **VI,
        )
    )
    candidate.refresh_from_db()
    assert candidate.union_body == "youth_union"

    # an invalid register form keeps the errors next to the fields
    response = client.post(f"/org/{tree.cell.code}/admissions/register/", {"sex": "F"}, **VI)
    assert response.status_code == 200 and response.context["form"].errors["full_name"]


def test_extension_form(client, superuser, tree):
    from dangvien.admissions.tests.support import prepare, register, vote

    candidate = vote(
        superuser,
        prepare(superuser, register(superuser, tree.cell), tree.introducers),
        called=3,
        for_=3,
    )
    client.force_login(tree.staff)
    url = f"/admissions/candidate/{candidate.pk}/extend/"
    response = client.post(url, {"working_days": 31, "reason": "Chờ thẩm tra"}, **VI)
    assert response.status_code == 200
    assert "ngày làm việc" in str(response.context["form"].errors["working_days"])
    _ok(client.post(url, {"working_days": 10, "reason": "Chờ thẩm tra"}, **VI))
    candidate.refresh_from_db()
    assert candidate.extension_working_days == 10


def test_index_lists_own_organizations_first_and_searches(client, tree, superuser):
    organization_create(
        actor=superuser,
        code="X-MH",
        name="Đảng bộ xã Mỹ Hòa",
        kind="grassroots_committee",
        sector="commune",
        parent=None,
        established_on=date(2000, 1, 1),
    )
    client.force_login(tree.staff)
    rows = client.get("/admissions/", **VI).context["rows"]
    assert rows[0] == (rows[0][0], True) and rows[0][0].organization == tree.commune
    assert [s.organization.code for s, _own in rows] == ["X-TM", "CB-1"]
    client.force_login(superuser)
    rows = client.get("/admissions/?q=thap muoi", **VI).context["rows"]
    assert [s.organization.code for s, _own in rows] == ["X-TM"]
    html = client.get("/admissions/?q=my hoa", **VI).content.decode()
    assert "/org/X-MH/admissions/" in html and "/org/X-MH/admissions/targets/" in html


def test_viewer_gets_403_on_every_form_and_nothing_is_written(client, superuser, tree):
    from dangvien.admissions.tests.support import prepare, register

    candidate = prepare(superuser, register(superuser, tree.cell), tree.introducers)
    client.force_login(tree.viewer)
    assert client.get(f"/admissions/candidate/{candidate.pk}/", **VI).context["form"] is None
    before = counts()
    targets_before = AdmissionTarget.objects.count()
    cell, page = tree.cell.code, f"/admissions/candidate/{candidate.pk}/"
    forms = {
        f"/org/{cell}/admissions/register/": {"full_name": "X", "sex": "M", "source": "residence"},
        f"/org/{cell}/admissions/readmit/": {"source": "residence"},
        f"/org/{cell}/admissions/days-off/": {"day": "2026-03-02", "reason": "x"},
        f"/org/{tree.commune.code}/admissions/targets/": {
            "organization": str(tree.commune.pk),
            "kind": "term",
            "period_from": "2025-07-01",
            "period_to": "2030-06-30",
            "admissions": 1,
        },
        page: {"done_on": "2026-01-26", "members_called": 3, "votes_for": 3},
        f"{page}introducers/": {"introducers": [tree.introducers[0].pk]},
        f"{page}extend/": {"working_days": 5, "reason": "x"},
        f"{page}recognition-vote/": {"voted_on": "2027-03-15", "members_called": 3, "votes_for": 3},
        f"{page}recognise/": {"decision_number": "1", "decision_date": "2027-03-20"},
        f"{page}remove/": {
            "effective_on": "2027-03-20",
            "decision_number": "1",
            "decision_date": "2027-03-20",
        },
    }
    for url, data in forms.items():
        assert client.post(url, data, **VI).status_code == 403, url
        if url != page and not url.endswith("/targets/"):
            assert client.get(url, **VI).status_code == 403, url
    assert counts() == before
    assert AdmissionTarget.objects.count() == targets_before
    # a stranger does not even see the candidate
    assert client.get(page).status_code == 200
    client.force_login(User.objects.create_user("stranger", password="x-pass-123"))
    assert client.get(page).status_code == 404
