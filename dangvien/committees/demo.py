"""The committees of the demonstration data set (the demo step ``committees``): every
organization the tree step founds gets, there and then, its term (when it holds a congress)
and a committee drawn from the demo's random stream."""

from __future__ import annotations

from datetime import date, timedelta

from dangvien.accounts.types import Actor
from dangvien.committees.services import committee_post_assign, term_create
from dangvien.core.demo import DemoContext, Founding
from dangvien.organizations.models import Organization


def staff_founded(
    context: DemoContext[Actor], organization: Organization, founding: Founding
) -> None:
    """The term of the congress, if any, then the committee."""
    if founding.congress_on is not None:
        term_create(
            actor=context.actor, organization=organization, congress_on=founding.congress_on
        )
    staff_committee(context, organization, founding.leadership_from, cell=founding.cell)


def staff_committee(
    context: DemoContext[Actor], organization: Organization, since: date, *, cell: bool
) -> None:
    """A secretary (changed once) and, for committees, a deputy and members."""
    first = since + timedelta(days=context.random.randint(0, 60))
    names: list[str] = []
    while len(names) < (5 if cell else 8):
        name = context.person()
        if name not in names:
            names.append(name)
    committee_post_assign(
        actor=context.actor,
        organization=organization,
        post="secretary",
        person_name=names[0],
        held_from=first,
    )
    if context.random.random() < 0.5:
        change = date(2020 + context.random.randint(0, 4), context.random.randint(1, 12), 1)
        committee_post_assign(
            actor=context.actor,
            organization=organization,
            post="secretary",
            person_name=names[1],
            held_from=max(change, first + timedelta(days=30)),
        )
    committee_post_assign(
        actor=context.actor,
        organization=organization,
        post="deputy_secretary",
        person_name=names[2],
        held_from=first,
    )
    for name in names[3:]:
        committee_post_assign(
            actor=context.actor,
            organization=organization,
            post="member",
            person_name=name,
            held_from=first,
        )
