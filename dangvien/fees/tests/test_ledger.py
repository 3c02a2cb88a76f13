"""What each level keeps and sends up (fee.keep_percent), the remittances and their
reconciliation level by level, the organization's fees page and the XLSX fee report."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from dangvien.core.exceptions import ValidationFailed
from dangvien.fees.models import FeeRemittance
from dangvien.fees.selectors import fee_ledger, fee_report, keep_role, split
from dangvien.fees.services import (
    Remittance,
    fee_basis_record,
    fee_remittance_record,
    fee_remittances_record,
)

pytestmark = pytest.mark.django_db
MAR = date(2026, 3, 1)


@pytest.fixture
def paid(tree, admit, pay):
    """CB-1: three members paid 20.000 đồng for March 2026; CB-2: one member paid 50.000."""
    members = [
        admit(key, tree.cell_1, date(2015, 1, 1), official_on=date(2016, 1, 1))
        for key in ("an", "binh", "chi")
    ]
    dung = admit("dung", tree.cell_2, date(2015, 1, 1), official_on=date(2016, 1, 1))
    for member in members:
        pay(member, "2026-03")
    pay(dung, "2026-03", amount=50_000)
    return [*members, dung]


def test_the_place_in_the_tree_names_the_share_kept():
    assert keep_role("cell", "residential", ["provincial", "grassroots_committee"]) == (
        "cell_in_grassroots"
    )
    assert keep_role("grassroots_committee", "commune", ["provincial"]) == "grassroots_commune"
    assert keep_role("grassroots_committee", "state_enterprise", []) == "grassroots_other"
    assert keep_role("provincial", "", ["central"]) == "above_grassroots"
    assert split(42_001, 90) == (37_801, 4_200)


def test_each_level_keeps_its_share_and_expects_what_the_level_below_sends(paid, tree, superuser):
    [cell] = fee_ledger([tree.cell_1], [MAR])
    assert (cell.collected, cell.keep_percent, cell.kept, cell.to_send) == (
        60_000,
        30,
        18_000,
        42_000,
    )
    [commune] = fee_ledger([tree.commune], [MAR])
    assert commune.expected == 42_000 + 35_000  # CB-1 and CB-2 (70 % of 50.000)
    assert commune.received == 0
    fee_remittance_record(
        actor=superuser, organization=tree.cell_1, month=MAR, amount=42_000,
        paid_on=date(2026, 4, 5),
    )  # fmt: skip
    [cell] = fee_ledger([tree.cell_1], [MAR])
    [commune] = fee_ledger([tree.commune], [MAR])
    assert (cell.sent, cell.difference) == (42_000, 0)
    assert (commune.received, commune.received_difference) == (42_000, 35_000)
    assert (commune.keep_percent, commune.kept, commune.to_send) == (90, 37_800, 4_200)
    [province] = fee_ledger([tree.province], [MAR])
    assert (province.expected, province.to_send) == (4_200, 0)  # the top sends nothing up


def test_a_remittance_goes_to_the_parent_of_the_month_and_keeps_to_the_rules(
    paid, tree, superuser, make_actor
):
    remittance = fee_remittance_record(
        actor=superuser, organization=tree.cell_1, month=date(2026, 3, 9), amount=10_000,
        paid_on=date(2026, 4, 5), reference="UNC-1",
    )  # fmt: skip
    assert (remittance.recipient, remittance.month) == (tree.commune, MAR)
    with pytest.raises(ValidationFailed):
        fee_remittance_record(
            actor=superuser, organization=tree.cell_1, month=MAR, amount=0, paid_on=MAR
        )
    with pytest.raises(ValidationFailed):
        fee_remittance_record(
            actor=superuser, organization=tree.province, month=MAR, amount=5, paid_on=MAR
        )
    with pytest.raises(PermissionDenied):
        fee_remittance_record(
            actor=make_actor("cell_secretary", tree.cell_2), organization=tree.cell_1,
            month=MAR, amount=5, paid_on=MAR,
        )  # fmt: skip
    assert FeeRemittance.objects.count() == 1


def test_remittances_recorded_together_go_to_each_parent_with_an_audit_row_each(
    paid, tree, superuser
):
    """The demo records a level of the province's tree at once (``fee_remittances_record``);
    each remittance as ``fee_remittance_record`` would record it."""
    from django.contrib.contenttypes.models import ContentType

    from dangvien.audit.models import AuditEvent

    # given
    apr = date(2026, 4, 1)
    entries = [
        Remittance(tree.cell_1, MAR, 42_000, date(2026, 4, 5), "UNC-1"),
        Remittance(tree.cell_2, date(2026, 3, 20), 35_000, date(2026, 4, 6)),
        Remittance(tree.commune, apr, 4_200, date(2026, 5, 10)),
    ]
    # when
    recorded = fee_remittances_record(actor=superuser, remittances=entries)
    # then
    assert [(r.organization, r.recipient, r.month, r.amount) for r in recorded] == [
        (tree.cell_1, tree.commune, MAR, 42_000),
        (tree.cell_2, tree.commune, MAR, 35_000),
        (tree.commune, tree.province, apr, 4_200),
    ]
    audits = AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(FeeRemittance),
        object_id__in=[str(r.pk) for r in recorded],
    )
    assert audits.count() == 3
    assert {a.after["amount"] for a in audits} == {42_000, 35_000, 4_200}
    assert {a.organization_path for a in audits} == {
        tree.cell_1.path,
        tree.cell_2.path,
        tree.commune.path,
    }


@pytest.mark.parametrize(
    ("_case", "bad", "error"),
    [
        ("nothing above the top of the tree", "province", ValidationFailed),
        ("no amount", "amount", ValidationFailed),
        ("sent in the future", "future", ValidationFailed),
        ("an organization out of the actor's scope", "scope", PermissionDenied),
    ],
)
def test_remittances_recorded_together_are_all_refused_for_one_refused(
    paid, tree, superuser, make_actor, _case, bad, error
):
    from dangvien.audit.models import AuditEvent

    # given: a good remittance of CB-1, then the bad one
    actor = make_actor("staff", tree.commune) if bad == "scope" else superuser
    good = Remittance(tree.cell_1, MAR, 42_000, date(2026, 4, 5))
    wrong = {
        "province": Remittance(tree.province, MAR, 5, date(2026, 4, 5)),
        "amount": Remittance(tree.cell_2, MAR, 0, date(2026, 4, 5)),
        "future": Remittance(tree.cell_2, MAR, 5, date(2999, 1, 1)),
        "scope": Remittance(tree.cell_3, MAR, 5, date(2026, 4, 5)),
    }[bad]
    audits = AuditEvent.objects.count()
    # when / then
    with pytest.raises(error):
        fee_remittances_record(actor=actor, remittances=[good, wrong])
    assert not FeeRemittance.objects.exists()
    assert AuditEvent.objects.count() == audits


def test_the_fees_page_shows_the_ledger_and_records_a_remittance(client, paid, tree, make_actor):
    client.force_login(make_actor("cell_secretary", tree.cell_1))
    url = reverse("web:organization_fees", args=["CB-1"])
    page = client.get(url, {"as_of": "2026-04-30", "month": "2026-03"}).content.decode()
    assert 'id="fee-ledger"' in page and "42.000" in page and "18.000" in page
    response = client.post(
        url, {"month": "2026-03", "amount": "42000", "paid_on": "2026-04-05", "reference": "UNC"}
    )
    assert response.status_code == 302
    assert FeeRemittance.objects.get().amount == 42_000
    refused = client.post(url, {"month": "2026-03", "amount": "-1", "paid_on": "2026-04-05"})
    assert refused.status_code == 200
    assert FeeRemittance.objects.count() == 1


def test_the_commune_sees_what_each_cell_sent(client, paid, tree, superuser):
    fee_remittance_record(
        actor=superuser, organization=tree.cell_1, month=MAR, amount=42_000,
        paid_on=date(2026, 4, 5),
    )  # fmt: skip
    client.force_login(superuser)
    page = client.get(
        reverse("web:organization_fees", args=["X-Y"]), {"as_of": "2026-04-30", "month": "2026-03"}
    ).content.decode()
    assert 'id="fee-below"' in page
    assert "Chi bộ ấp 1" in page and "Chi bộ ấp 2" in page
    assert "35.000" in page  # CB-2 still to send


def test_the_fee_report_has_a_row_per_organization_below_and_totals(client, paid, tree, superuser):
    fee_basis_record(
        actor=superuser, member=paid[0], valid_from=MAR, kind="salary", amount=6_000_000
    )
    report = fee_report(organization=tree.commune, on=date(2026, 3, 31))
    rows = {row.name: row for row in report.rows}
    assert rows["Chi bộ ấp 1"].members == 3
    assert rows["Chi bộ ấp 1"].collected == 60_000
    assert rows["Chi bộ ấp 1"].kept == 18_000
    assert rows["Chi bộ ấp 1"].due == 60_000  # the one basis recorded, for March
    assert rows["Chi bộ ấp 1"].in_arrears == 3  # January and February unpaid
    assert report.total("collected") == 110_000
    client.force_login(superuser)
    response = client.get(
        reverse("web:organization_fees", args=["X-Y"]), {"as_of": "2026-03-31", "format": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    [total] = [row for row in values if row[1] == "Tổng số"]
    assert total[2:] == [4, 60_000, 110_000, 33_000, 0, 4, 0, 0]


def test_the_fee_report_reads_one_ledger_for_every_organization_below(paid, tree, monkeypatch):
    # a ledger per child read every month once per child (a province: 19 children, 11 months)
    from dangvien.fees import selectors

    asked = []
    real = selectors.fee_ledger

    def counting(organizations, months):
        asked.append(sorted(o.code for o in organizations))
        return real(organizations, months)

    monkeypatch.setattr(selectors, "fee_ledger", counting)
    report = selectors.fee_report(organization=tree.commune, on=date(2026, 3, 31))
    assert len(report.rows) == 2
    # the cells below in one ledger, then the commune's own lines
    assert asked == [sorted(row.organization.code for row in report.rows), [tree.commune.code]]
    for row in report.rows:  # each row sums its own subtree's lines (a cell: itself)
        lines = real([row.organization], report.months)
        assert row.collected == sum(line.collected for line in lines)
        assert row.kept == sum(line.kept for line in lines)
        assert row.remitted == sum(line.sent for line in lines)
    assert sum(row.collected for row in report.rows) == 110_000


def test_a_remittance_alters_no_figure_of_a_day_before_its_month(paid, tree, superuser):
    from dangvien.audit.selectors import data_version_on

    days = (date(2026, 2, 28), date(2026, 3, 1))
    before = [data_version_on(day) for day in days]
    fee_remittance_record(
        actor=superuser, organization=tree.cell_1, month=MAR, amount=42_000,
        paid_on=date(2026, 4, 5),
    )  # fmt: skip
    after = [data_version_on(day) for day in days]
    assert after[0] == before[0] and after[1] != before[1]
