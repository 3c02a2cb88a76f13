"""The 07/2025 reform as a scenario: district level removed, communes re-parented to the merged
province and reclassified, provinces merged; 2022 dates still give the 2022 tree."""

from datetime import date

import pytest

from dangvien.core.decisions import Decision
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import (
    organization_ancestors,
    organization_get,
    organization_state,
    organization_states,
    organization_tree,
)
from dangvien.organizations.services import (
    organization_create,
    organization_dissolve,
    organization_merge,
    organization_move,
    organization_reclassify,
)

pytestmark = pytest.mark.django_db
REFORM = date(2025, 7, 1)
OLD_DAY = date(2022, 4, 30)
NEW_DAY = date(2026, 1, 1)


@pytest.fixture
def reformed(superuser):
    def make(code, name, kind, parent=None, sector="", on=date(2000, 1, 1)):
        return organization_create(
            actor=superuser,
            code=code,
            name=name,
            kind=kind,
            sector=sector,
            parent=parent,
            established_on=on,
        )

    dong_thap = make("T-DT", "Đảng bộ tỉnh Đồng Tháp", "provincial")
    tien_giang = make("T-TG", "Đảng bộ tỉnh Tiền Giang", "provincial")
    thap_muoi = make("HU-TM", "Đảng bộ huyện Tháp Mười", "upper_grassroots", dong_thap)
    cai_be = make("HU-CB", "Đảng bộ huyện Cái Bè", "upper_grassroots", tien_giang)
    my_an = make("X-MA", "Đảng bộ xã Mỹ An", "grassroots_committee", thap_muoi, "commune")
    hau_my = make("X-HM", "Đảng bộ xã Hậu Mỹ", "grassroots_committee", cai_be, "commune")
    school = make(
        "CS-TH", "Chi bộ Trường THPT Tháp Mười", "grassroots_cell", thap_muoi, "public_service"
    )
    for index, commune in enumerate([my_an, my_an, hau_my]):
        make(f"CB-{index}", f"Chi bộ ấp {index}", "cell", commune, "residential")

    decision = Decision("326-QĐ/TW", date(2025, 6, 30), "Bộ Chính trị")
    new_province = make("T-DT2", "Đảng bộ tỉnh Đồng Tháp", "provincial", on=REFORM)
    for commune in (my_an, hau_my):
        organization_move(
            actor=superuser,
            organization=commune,
            new_parent=new_province,
            effective_on=REFORM,
            decision=decision,
        )
        organization_reclassify(
            actor=superuser,
            organization=commune,
            kind="upper_grassroots",
            child_kinds={"cell": "grassroots_cell"},
            effective_on=REFORM,
            decision=decision,
        )
    organization_move(actor=superuser, organization=school, new_parent=my_an, effective_on=REFORM)
    for district in (thap_muoi, cai_be):
        organization_dissolve(
            actor=superuser, organization=district, effective_on=REFORM, decision=decision
        )
    organization_merge(
        actor=superuser,
        absorbed=[dong_thap, tien_giang],
        survivor=new_province,
        effective_on=REFORM,
        decision=decision,
    )
    return new_province


def _codes(states):
    return {(s.organization.code, s.kind, s.parent.code if s.parent else None) for s in states}


def test_2022_date_gives_the_2022_tree(reformed, superuser):
    assert _codes(organization_states(actor=superuser, on=OLD_DAY)) == {
        ("T-DT", "provincial", None),
        ("T-TG", "provincial", None),
        ("HU-TM", "upper_grassroots", "T-DT"),
        ("HU-CB", "upper_grassroots", "T-TG"),
        ("X-MA", "grassroots_committee", "HU-TM"),
        ("X-HM", "grassroots_committee", "HU-CB"),
        ("CS-TH", "grassroots_cell", "HU-TM"),
        ("CB-0", "cell", "X-MA"),
        ("CB-1", "cell", "X-MA"),
        ("CB-2", "cell", "X-HM"),
    }


def test_2026_date_gives_the_new_tree(reformed, superuser):
    assert _codes(organization_states(actor=superuser, on=NEW_DAY)) == {
        ("T-DT2", "provincial", None),
        ("X-MA", "upper_grassroots", "T-DT2"),
        ("X-HM", "upper_grassroots", "T-DT2"),
        ("CS-TH", "grassroots_cell", "X-MA"),
        ("CB-0", "grassroots_cell", "X-MA"),
        ("CB-1", "grassroots_cell", "X-MA"),
        ("CB-2", "grassroots_cell", "X-HM"),
    }


def test_day_before_reform_is_still_old_tree(reformed, superuser):
    on = date(2025, 6, 30)
    assert organization_state(Organization.objects.get(code="X-MA"), on=on).parent.code == "HU-TM"
    assert (
        organization_state(Organization.objects.get(code="X-MA"), on=REFORM).parent.code == "T-DT2"
    )


def test_old_subtree_is_answerable_at_old_date(reformed, superuser):
    thap_muoi = Organization.objects.get(code="HU-TM")
    subtree = organization_states(actor=superuser, on=OLD_DAY, root=thap_muoi, include_root=False)
    assert {s.organization.code for s in subtree} == {"X-MA", "CS-TH", "CB-0", "CB-1"}
    assert [
        a.organization.code
        for a in organization_ancestors(Organization.objects.get(code="CB-0"), on=OLD_DAY)
    ] == ["T-DT", "HU-TM", "X-MA"]


def test_staff_of_merged_province_keep_the_history_of_absorbed_provinces(reformed, make_actor):
    # given: staff of the new province only
    staff = make_actor("staff", reformed)
    # then: the absorbed provinces and their 2022 subtrees are visible to them
    tien_giang = organization_get(actor=staff, code="T-TG")
    assert {
        s.organization.code for s in organization_states(actor=staff, on=OLD_DAY, root=tien_giang)
    } == {"T-TG", "HU-CB", "X-HM", "CB-2"}


def test_tree_at_a_date_is_one_query(reformed, superuser, django_assert_num_queries):
    superuser.__dict__.pop("_granted_paths_cache", None)
    with django_assert_num_queries(1):
        roots = organization_tree(actor=superuser, on=OLD_DAY)
    assert [r.organization.code for r in roots] == ["T-DT", "T-TG"]
    assert [c.organization.code for c in roots[0].children] == ["HU-TM"]


def test_search_matches_word_starts_without_diacritics(reformed, superuser):
    found = {
        s.organization.code
        for s in organization_states(actor=superuser, on=OLD_DAY, search="my an")
    }
    assert found == {"X-MA"}
    assert (
        not organization_states(actor=superuser, on=OLD_DAY, search="an")
        .filter(organization__code="HU-TM")
        .exists()
    )
