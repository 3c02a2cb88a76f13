from collections import Counter
from datetime import date

import pytest
from django.db.models.functions import Length

from dangvien.accounts.models import User
from dangvien.committees.models import CommitteePost
from dangvien.committees.selectors import committee_at
from dangvien.demo.members import THAP_MUOI_CODE, THAP_MUOI_TERM_ADMISSIONS
from dangvien.demo.runner import load_demo
from dangvien.fees.models import FeePayment
from dangvien.members.models import Member
from dangvien.members.services import rebuild_member_periods
from dangvien.organizations.demo import NEW_PROVINCE_CODE
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import organization_get, organization_states
from dangvien.statistics.history import combined_statistics
from dangvien.statistics.selectors import statistics_for

pytestmark = pytest.mark.django_db


def test_demo_has_the_2022_province_tree_and_the_2026_merged_one(demo):
    # when: built (the shared fixture), then asked for again
    summary = demo
    again = load_demo()
    # then
    assert summary["created"] and not again["created"]
    assert again["organizations"] == summary["organizations"]
    admin = User.objects.get(username="admin")
    old = Counter(s.kind for s in organization_states(actor=admin, on=date(2022, 4, 30)))
    new = Counter(s.kind for s in organization_states(actor=admin, on=date(2026, 1, 1)))
    assert old["provincial"] == 2 and old["upper_grassroots"] == 5 and old["cell"] > 200
    assert new["provincial"] == 1 and new["upper_grassroots"] == 19 and new["grassroots_cell"] > 200
    assert Organization.objects.get(code="HU-TM").dissolved_on == date(2025, 7, 1)
    # the provincial staff see the absorbed provinces' history; the commune staff do not
    tinh, xa = User.objects.get(username="tinh"), User.objects.get(username="xa")
    assert organization_get(actor=tinh, code="T-TG").code == "T-TG"
    assert organization_states(actor=xa, on=date(2026, 1, 1)).count() < 40
    assert organization_get(actor=tinh, code=NEW_PROVINCE_CODE)
    # members: 10–20 thousand with their history; the ledger and the periods agree
    assert 10_000 <= summary["members"] <= 20_000
    assert rebuild_member_periods(verify_only=True)["differing"] == 0
    thap_muoi = statistics_for(Organization.objects.get(code=THAP_MUOI_CODE), date(2026, 11, 15))
    assert thap_muoi["admissions"]["count"] == THAP_MUOI_TERM_ADMISSIONS
    province = statistics_for(Organization.objects.get(code=NEW_PROVINCE_CODE), date(2026, 11, 15))
    assert 2.5 <= province["members_per_population_percent"] <= 4
    assert province["members"]["in_transit"] > 0 and province["members"]["temporarily_away"] > 0
    # history across the reform (issue 18, 6): before its founding the merged province's
    # figures are those of Đồng Tháp and Tiền Giang added up, so its members run on
    eve, merged = date(2024, 12, 31), Organization.objects.get(code=NEW_PROVINCE_CODE)
    combined = combined_statistics(merged, eve)
    parts = [statistics_for(Organization.objects.get(code=c), eve) for c in ("T-DT", "T-TG")]
    assert combined["members"]["total"] == sum(p["members"]["total"] for p in parts) > 10_000
    assert {p["code"] for p in combined["combined_from"]} == {"T-DT", "T-TG"}
    _fees_across_the_province(province_total=summary["members"])
    # member keys of one length (issue 18, 7)
    assert set(Member.objects.values_list(Length("member_key"), flat=True)) == {10}
    # no committee post outlives its organization (issue 11, 6a: the Mỹ An cell merged in 2019
    # had posts from 2020, the one split in 2021 a secretary from 2024); ended ones show none
    ended = Organization.objects.filter(dissolved_on__isnull=False)
    assert ended.count() >= 30
    for organization in ended:
        posts = CommitteePost.objects.filter(organization=organization)
        assert not posts.filter(held_from__gte=organization.dissolved_on).exists(), organization
        assert not posts.filter(held_to__isnull=True).exists(), organization
        assert not posts.filter(held_to__gt=organization.dissolved_on).exists(), organization
        assert not committee_at(organization).exists()
    # the Mỹ An cells: the absorbed one had no committee yet; the split one's ended that day
    cells = sorted(
        {
            *OrganizationVersion.objects.filter(
                parent__code="HU-TM-X-01", valid_from__lte=date(2019, 1, 1), kind="cell"
            ).values_list("organization__code", flat=True)
        }
    )
    merged, split = Organization.objects.get(code=cells[1]), Organization.objects.get(code=cells[0])
    assert (merged.dissolved_on, split.dissolved_on) == (date(2019, 10, 1), date(2021, 6, 1))
    assert not CommitteePost.objects.filter(organization=merged).exists()
    assert set(
        CommitteePost.objects.filter(organization=split).values_list("held_to", flat=True)
    ) == {date(2021, 6, 1)}
    _walk_who_proposes_and_who_decides()


def _fees_across_the_province(province_total: int) -> None:
    """Walk of the demo: the province officer read "10.907 đảng viên không đóng đảng phí từ 3
    tháng" (the demo recorded fees in Xã Tháp Mười only), and the commune's statistics said 8
    where its fees page highlighted 4. Every organization collects its members' fees, a few
    members are in arrears, and the statistics, the fees page and the removal due-list count
    the same members."""
    from django.test import Client
    from django.urls import reverse

    from dangvien.core.dates import add_months, today
    from dangvien.fees.panels import unpaid_fee_members
    from dangvien.fees.rules import month_end
    from dangvien.members.models import MemberPeriod

    on = today()
    last = add_months(on.replace(day=1), -1)
    own = set(MemberPeriod.objects.at(month_end(last)).values_list("organization_id", flat=True))
    collected = set(FeePayment.objects.filter(month=last).values_list("organization_id", flat=True))
    assert len(own & collected) >= 0.95 * len(own)
    admin = User.objects.get(username="admin")
    province = Organization.objects.get(code=NEW_PROVINCE_CODE)
    owing = statistics_for(province, on)["fees"]["members_with_3_unpaid_months"]
    assert 0 < owing <= province_total // 200
    assert len(unpaid_fee_members(admin, province, on)) == owing
    commune = Organization.objects.get(code=THAP_MUOI_CODE)
    owing = statistics_for(commune, on)["fees"]["members_with_3_unpaid_months"]
    assert owing >= 4  # the four who stopped paying in 03/2026
    assert len(unpaid_fee_members(admin, commune, on)) == owing
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(User.objects.get(username="xa"))
    page = client.get(reverse("web:organization_fees", args=[THAP_MUOI_CODE])).content.decode()
    assert f"có {owing} đảng viên không đóng đảng phí từ 3 tháng trở lên" in page
    assert 'id="fee-arrears-difference"' not in page


def _walk_who_proposes_and_who_decides() -> None:
    """Issue 12, done when: in the demo the cell secretary proposes but does not decide an
    expulsion, the commune staff see it waiting and decide it with a number, the member page
    shows the proposal, the decision and the card recovered; committees link to members."""
    from django.test import Client

    from dangvien.core.dates import today
    from dangvien.decisions.models import Proposal
    from dangvien.decisions.selectors import official_members_convened
    from dangvien.members.selectors import member_state

    def client_of(username: str) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        client.force_login(User.objects.get(username=username))
        return client

    chibo, xa = client_of("chibo"), client_of("xa")
    cell = User.objects.get(username="chibo").role_assignments.get().organization
    # committees are members: every post held today names a member, and the page links them
    assert not CommitteePost.objects.filter(held_to__isnull=True, member__isnull=True).exists()
    # … an official member today (the walk found a deputy secretary who no longer was)
    from dangvien.committees.selectors import holder_warnings

    held = list(CommitteePost.objects.filter(held_to__isnull=True))
    assert not holder_warnings(held, today())
    holder = committee_at(cell).first()
    assert holder is not None and holder.member is not None
    page = chibo.get(f"/org/{cell.code}/").content.decode()
    assert f'href="/member/{holder.member_id}/">{holder.member.full_name}</a>' in page
    # the demo's walked expulsion: proposal, numbered decision, card recovered, left the lists
    walked = Proposal.objects.get(kind="expulsion")
    assert walked.ruling.number == "27-QĐ/ĐU"
    assert member_state(walked.member).status == "exited"
    page = xa.get(f"/member/{walked.member_id}/").content.decode()
    assert "27-QĐ/ĐU" in page and "Khai trừ" in page and "thu hồi thẻ" in page
    # the removal the demo left waiting is in the commune staff's inbox
    waiting = Proposal.objects.get(kind="removal")
    assert f"/decisions/proposal/{waiting.pk}/" in xa.get("/decisions/").content.decode()
    # the secretary proposes an expulsion; may not decide it directly nor rule on it
    member = holder.member
    # (asking to decide directly leads to the proposal: expulsion is proposed by the cell)
    direct = chibo.get(f"/member/{member.pk}/decide/expulsion/")
    assert direct.status_code == 302 and direct["Location"].endswith("/propose/expulsion/")
    convened = official_members_convened(cell, today())
    response = chibo.post(
        f"/member/{member.pk}/propose/expulsion/",
        {
            "proposed_on": today().isoformat(),
            "members_convened": convened,
            "votes_for": convened,
            "votes_against": 0,
            "reason": "other",
            "note": "Thử nghiệm",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = Proposal.objects.get(kind="expulsion", member=member)
    decide = {
        "do": "decide",
        "outcome": "approved",
        "number": "31-QĐ/ĐU",
        "decided_on": today().isoformat(),
        "issuer": "Ban Thường vụ Đảng ủy xã Tháp Mười",
        "confirmed": "on",
    }
    assert chibo.post(f"/decisions/proposal/{proposal.pk}/", decide).status_code == 403
    assert member_state(member).status == "official"
    # the commune staff see it waiting and decide it with a number
    assert f"/decisions/proposal/{proposal.pk}/" in xa.get("/decisions/").content.decode()
    assert xa.post(f"/decisions/proposal/{proposal.pk}/", decide).status_code == 302
    proposal.refresh_from_db()
    assert proposal.ruling.number == "31-QĐ/ĐU"
    assert member_state(member).status == "exited"
