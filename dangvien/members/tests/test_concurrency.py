"""Concurrency suite of the member ledger (issue 13, defects 3 and 4), PostgreSQL only: writes
about one member, and a merge of an organization racing an admission into it, run at the same
moment in threads with their own connections. Each race is run ``ROUNDS`` times; the figures go
to ``docs/security-suites.md``."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied

from dangvien.core.exceptions import DomainError
from dangvien.core.tests.concurrency import POSTGRES_RACES, race
from dangvien.members.choices import MemberEventType
from dangvien.members.models import MemberEvent, MemberPeriod
from dangvien.members.services import member_transfer, rebuild_member_periods
from dangvien.members.services.maintenance import periods_outside_their_organizations
from dangvien.members.tests.support import admit, make_cell
from dangvien.members.tests.test_api import _far_cell
from dangvien.organizations.services import organization_merge

pytestmark = POSTGRES_RACES

ROUNDS = 10
DAY = date(2024, 6, 3)


def _refused(outcome) -> bool:
    return isinstance(outcome.error, DomainError | PermissionDenied)


def _ledger_is_sound() -> None:
    result = rebuild_member_periods(verify_only=True)
    assert (result["differing"], result["orphaned"]) == (0, 0)


def test_two_transfers_of_one_member_on_one_day_lose_no_update(org_tree, superuser):
    # given
    cell_c = make_cell(superuser, "CB-C", org_tree.commune)
    for round_ in range(ROUNDS):
        member = admit(superuser, org_tree.cell_a, name=f"Nguyễn Văn Mười {round_}")

        # when
        outcomes = race(
            partial(
                member_transfer,
                actor=superuser,
                member=member,
                to_organization=org_tree.cell_b,
                effective_on=DAY,
            ),
            partial(
                member_transfer,
                actor=superuser,
                member=member,
                to_organization=cell_c,
                effective_on=DAY,
            ),
        )

        # then: each write saw the other's (the second transfer starts where the first ended)
        assert all(o.ok or _refused(o) for o in outcomes), [o.error for o in outcomes]
        moves = list(
            MemberEvent.objects.filter(member=member, type=MemberEventType.TRANSFERRED).order_by(
                "id"
            )
        )
        assert len(moves) == sum(o.ok for o in outcomes) >= 1
        sources = [m.from_organization_id for m in moves]
        assert sources == [org_tree.cell_a.pk, *[m.organization_id for m in moves[:-1]]]
    _ledger_is_sound()


def test_a_commune_cannot_move_a_member_a_racing_transfer_took_out_of_its_scope(
    org_tree, superuser, make_actor
):
    # given
    commune_staff = make_actor("staff", org_tree.commune)
    far = _far_cell(org_tree, superuser)
    for round_ in range(ROUNDS):
        member = admit(superuser, org_tree.cell_a, name=f"Trần Văn Tư {round_}")

        # when: the province moves the member to the sibling commune, the commune inside its own
        outcomes = race(
            partial(
                member_transfer,
                actor=superuser,
                member=member,
                to_organization=far,
                effective_on=DAY,
            ),
            partial(
                member_transfer,
                actor=commune_staff,
                member=member,
                to_organization=org_tree.cell_b,
                effective_on=DAY,
            ),
        )

        # then: the commune's transfer, if it happened, moved the member out of its own cell
        assert outcomes[0].ok, outcomes[0].error
        assert outcomes[1].ok or _refused(outcomes[1]), outcomes[1].error
        for move in MemberEvent.objects.filter(member=member, actor=commune_staff):
            assert move.from_organization_id == org_tree.cell_a.pk
        moves = list(
            MemberEvent.objects.filter(member=member, type=MemberEventType.TRANSFERRED).order_by(
                "id"
            )
        )
        sources = [m.from_organization_id for m in moves]
        assert sources == [org_tree.cell_a.pk, *[m.organization_id for m in moves[:-1]]]
    _ledger_is_sound()


def test_a_merge_racing_an_admission_leaves_no_member_in_the_absorbed_cell(org_tree, superuser):
    # given
    admitted = {"yes": 0, "refused": 0}
    for round_ in range(ROUNDS):
        absorbed = make_cell(superuser, f"CB-M{round_}", org_tree.commune)

        # when
        outcomes = race(
            partial(
                organization_merge,
                actor=superuser,
                absorbed=[absorbed],
                survivor=org_tree.cell_b,
                effective_on=DAY,
            ),
            partial(
                admit,
                superuser,
                absorbed,
                name=f"Lê Thị Năm {round_}",
                admitted_on=DAY - timedelta(days=10),
            ),
        )

        # then
        assert outcomes[0].ok, outcomes[0].error
        assert outcomes[1].ok or _refused(outcomes[1]), outcomes[1].error
        admitted["yes" if outcomes[1].ok else "refused"] += 1
        open_there = MemberPeriod.objects.filter(organization=absorbed, valid_to__isnull=True)
        assert not open_there.exists()
        if outcomes[1].ok:
            member = outcomes[1].value
            assert MemberPeriod.objects.filter(
                member=member, organization=org_tree.cell_b, valid_from=DAY
            ).exists()
    assert not periods_outside_their_organizations().exists()
    _ledger_is_sound()
