"""The audit log keeps a discipline file as confidential as the file itself (a review of
issue 19's walk: the district's viewer and the commune's staff, refused the proposal's page,
read "Đề nghị kỷ luật: Khai trừ · <member>" in the audit log of their subtree)."""

from datetime import date

import pytest
from django.urls import reverse

from dangvien.audit.selectors import audit_event_list
from dangvien.audit.services import record_export
from dangvien.discipline.choices import Form
from dangvien.discipline.services import case_propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(case, actors):
    """The case of CB-A (``conftest.case``) with the cell's proposal to expel."""
    link = case_propose(
        actor=actors["secretary"],
        case=case,
        form=Form.EXPULSION,
        proposed_on=date(2024, 3, 10),
        votes_for=2,
        members_convened=2,
    )
    return case, link.proposal


def _about(actor, case, proposal) -> set[str]:
    """The kinds of discipline rows ``actor`` reads in the log: the case's, the proposal's."""
    rows = audit_event_list(actor=actor)
    kinds = set()
    if rows.filter(object_type__app_label="discipline", object_id=str(case.pk)).exists():
        kinds.add("case")
    if rows.filter(object_type__model="proposal", object_id=str(proposal.pk)).exists():
        kinds.add("proposal")
    return kinds


@pytest.mark.parametrize("who", ["viewer", "commune"])
def test_staff_who_may_not_read_the_file_do_not_read_it_in_the_log(client, proposed, actors, who):
    case, proposal = proposed
    client.force_login(actors[who])
    assert client.get(reverse("web:proposal", args=[proposal.pk])).status_code == 404
    assert _about(actors[who], case, proposal) == set()
    page = client.get(reverse("web:audit"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "KL-2024-0001" not in page and "Khai trừ" not in page


@pytest.mark.parametrize("who", ["secretary", "commune_inspection", "district_inspection"])
def test_those_who_read_the_file_read_its_rows(proposed, actors, who):
    case, proposal = proposed
    assert _about(actors[who], case, proposal) == {"case", "proposal"}


def test_the_other_rows_of_the_subtree_stay_visible(proposed, actors, org_tree, superuser):
    """Rows about other objects, and rows about no object (a download), are not hidden."""
    staff = actors["commune"]
    record_export(actor=staff, organization=org_tree.commune, what="members.xlsx")
    rows = audit_event_list(actor=staff)
    assert rows.filter(object_type__app_label="members").exists()
    assert rows.filter(object_type__isnull=True).exists()
    assert audit_event_list(actor=superuser).filter(object_type__app_label="discipline").exists()


def test_the_body_a_proposal_is_addressed_to_reads_its_rows_not_the_cases(client, proposed, actors):
    """The district decides an expulsion: it reads the proposal's page, and its rows."""
    case, proposal = proposed
    client.force_login(actors["district"])
    assert client.get(reverse("web:proposal", args=[proposal.pk])).status_code == 200
    assert _about(actors["district"], case, proposal) == {"proposal"}
