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
    """The term of the congress, if any (and before the organization ends), then the committee."""
    until = founding.until
    if founding.congress_on is not None and (until is None or until > founding.congress_on):
        term_create(
            actor=context.actor, organization=organization, congress_on=founding.congress_on
        )
    staff_committee(
        context, organization, founding.leadership_from, cell=founding.cell, until=until
    )


def staff_committee(
    context: DemoContext[Actor],
    organization: Organization,
    since: date,
    *,
    cell: bool,
    until: date | None = None,
) -> None:
    """A secretary (changed once) and, for committees, a deputy and members.

    ``until``: the day the organization will end (merged or split later in the history);
    no post starts on or after it (the end itself closes the posts). The random draws are
    the same with or without it, so the rest of the data set does not change.
    """
    first = since + timedelta(days=context.random.randint(0, 60))
    names: list[str] = []
    while len(names) < (5 if cell else 8):
        name = context.person()
        if name not in names:
            names.append(name)

    def assign(post: str, name: str, held_from: date) -> None:
        if until is not None and held_from >= until:
            return
        committee_post_assign(
            actor=context.actor,
            organization=organization,
            post=post,
            person_name=name,
            held_from=held_from,
        )

    assign("secretary", names[0], first)
    if context.random.random() < 0.5:
        change = date(2020 + context.random.randint(0, 4), context.random.randint(1, 12), 1)
        assign("secretary", names[1], max(change, first + timedelta(days=30)))
    assign("deputy_secretary", names[2], first)
    for name in names[3:]:
        assign("member", name, first)
