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


def link_holders(context: DemoContext[Actor]) -> None:
    """The demo step ``holders`` (after the members): committee members are party members, so
    each post held today is identified with an official member of its organization's subtree
    on the day it began and still today (a different one for each post of the organization; a
    post with no such member keeps its name, and the committee shows the warning; one official
    when the post began but gone since read "not an official member" on today's page)."""
    from dangvien.committees.models import CommitteePost
    from dangvien.committees.services import committee_post_identify
    from dangvien.core.dates import today
    from dangvien.members.choices import MemberStatus
    from dangvien.members.models import Member
    from dangvien.members.selectors import periods_in_subtree

    posts = CommitteePost.objects.filter(held_to__isnull=True, member__isnull=True)
    by_organization: dict[int, list[CommitteePost]] = {}
    for post in posts.select_related("organization").order_by("organization_id", "post", "id"):
        by_organization.setdefault(post.organization_id, []).append(post)
    linked = 0
    for held in by_organization.values():
        organization = held[0].organization
        used: set[int] = set()
        for post in held:
            official_today = periods_in_subtree(organization, today()).filter(
                status=MemberStatus.OFFICIAL
            )
            candidates = (
                periods_in_subtree(organization, post.held_from)
                .filter(status=MemberStatus.OFFICIAL)
                .filter(member_id__in=official_today.values("member_id"))
                .exclude(member_id__in=used)
                .order_by("member_id")
                .values_list("member_id", flat=True)
            )
            member_id = candidates.first()
            if member_id is None:
                continue
            used.add(member_id)
            committee_post_identify(
                actor=context.actor, assignment=post, member=Member.objects.get(pk=member_id)
            )
            linked += 1
    context.summary["committee_holders"] = linked
