"""Reads of committees: who held which post at a date, and warnings that cite the rulebook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import scope_q
from dangvien.accounts.types import Actor
from dangvien.committees.choices import Post
from dangvien.committees.models import CommitteePost, Term
from dangvien.committees.permissions import CommitteePermission
from dangvien.core.dates import add_months, today
from dangvien.core.formatting import vn_date
from dangvien.members.models import Member
from dangvien.organizations.choices import CELL_KINDS, SECRETARY_KINDS
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import organization_state, organization_states
from dangvien.rules.selectors import rule_version

VIEW = CommitteePermission.VIEW


def posts_held_at(on: date) -> Q:
    """Posts held at the end of day ``on``."""
    return Q(held_from__lte=on) & (Q(held_to__isnull=True) | Q(held_to__gt=on))


def committee_at(organization: Organization, *, on: date | None = None) -> QuerySet[CommitteePost]:
    """The committee of ``organization`` at the end of day ``on``, secretary first."""
    post_order = Case(
        *[When(post=post, then=Value(index)) for index, post in enumerate(Post.values)],
        output_field=IntegerField(),
    )
    return (
        CommitteePost.objects.filter(posts_held_at(on or today()), organization=organization)
        .annotate(post_order=post_order)
        .order_by("post_order", "person_name")
    )


def committee_posts(*, actor: Actor, organization: Organization) -> QuerySet[CommitteePost]:
    """Every post ever held in ``organization`` (newest first), if the actor may see it."""
    return (
        CommitteePost.objects.filter(scope_q(actor, VIEW), organization=organization)
        .select_related("term")
        .order_by("-held_from", "post")
    )


def member_posts(*, actor: Actor, member: Member) -> QuerySet[CommitteePost]:
    """The posts ``member`` held, in the organizations the actor may see, newest first."""
    return (
        CommitteePost.objects.filter(scope_q(actor, VIEW), member=member)
        .select_related("organization", "term")
        .order_by("-held_from", "post")
    )


def term_list(*, actor: Actor, organization: Organization) -> QuerySet[Term]:
    return Term.objects.filter(scope_q(actor, VIEW), organization=organization).order_by(
        "-starts_on"
    )


def organizations_without_secretary(
    *, actor: Actor, on: date | None = None, root: Organization | None = None
) -> QuerySet[OrganizationVersion]:
    """Grassroots organizations, sub-committees and cells with no secretary at ``on``."""
    on = on or today()
    secretary = CommitteePost.objects.filter(
        posts_held_at(on), organization=OuterRef("organization"), post=Post.SECRETARY
    )
    return organization_states(
        actor=actor, on=on, root=root, include_root=root is None, kinds=list(SECRETARY_KINDS)
    ).exclude(Exists(secretary))


@dataclass(frozen=True)
class RuleWarning:
    """A rule the data does not meet (a warning, not a refusal), with the rule it cites."""

    code: str
    message: str
    rule_key: str
    source: str


def committee_warnings(
    organization: Organization,
    *,
    on: date | None = None,
    posts: Sequence[CommitteePost] | None = None,
) -> list[RuleWarning]:
    """Warnings about the committee of ``organization`` at ``on`` (``posts``: its committee
    that day, ``committee_at``, when the caller has read it).

    Cells: more committee members than ``cell.committee_max_members``; more deputies than
    ``cell.max_deputy_secretaries``. Every kind that needs one: no secretary.
    """
    on = on or today()
    state = organization_state(organization, on=on)
    if state is None:
        return []
    posts = list(committee_at(organization, on=on) if posts is None else posts)
    warnings: list[RuleWarning] = []
    if state.kind in CELL_KINDS:
        size_rule = rule_version("cell.committee_max_members", on=on)
        if len({p.person_name for p in posts}) > int(size_rule.value):
            warnings.append(
                RuleWarning(
                    "committee_too_large",
                    _("The cell committee has %(count)s members; at most %(max)s are allowed.")
                    % {"count": len({p.person_name for p in posts}), "max": size_rule.value},
                    size_rule.key,
                    size_rule.source,
                )
            )
        deputy_rule = rule_version("cell.max_deputy_secretaries", on=on)
        deputies = [p for p in posts if p.post == Post.DEPUTY_SECRETARY]
        if len(deputies) > int(deputy_rule.value):
            warnings.append(
                RuleWarning(
                    "too_many_deputies",
                    _("The cell has %(count)s deputy secretaries; at most %(max)s is allowed.")
                    % {"count": len(deputies), "max": deputy_rule.value},
                    deputy_rule.key,
                    deputy_rule.source,
                )
            )
    if state.kind in SECRETARY_KINDS and not any(p.post == Post.SECRETARY for p in posts):
        warnings.append(
            RuleWarning(
                "no_secretary",
                _("No one holds the post of secretary on this date."),
                "",
                _("Statistics: organizations without a secretary"),
            )
        )
    warnings.extend(congress_warnings(organization, on))
    warnings.extend(holder_warnings(posts, on))
    warnings.extend(size_warnings(state, posts, on))
    return warnings


def congress_warnings(organization: Organization, on: date) -> list[RuleWarning]:
    """ "Congress overdue": the organization's last term ended more than the rulebook's
    tolerance (``term.tolerance_months``, Điều lệ Điều 24: sooner or later, but not by more
    than six months) before ``on`` and no congress has opened a new one."""
    last = (
        Term.objects.filter(organization=organization, starts_on__lte=on)
        .order_by("-starts_on")
        .first()
    )
    if last is None:
        return []
    tolerance = rule_version("term.tolerance_months", on=on)
    latest = add_months(last.ends_on, int(tolerance.value))
    if latest >= on:
        return []
    return [
        RuleWarning(
            "congress_overdue",
            _(
                "Congress overdue: the term %(term)s ended on %(ends)s and the congress could be "
                "held at the latest on %(latest)s."
            )
            % {"term": last.name, "ends": vn_date(last.ends_on), "latest": vn_date(latest)},
            tolerance.key,
            tolerance.source,
        )
    ]


def holder_warnings(posts: list[CommitteePost], on: date) -> list[RuleWarning]:
    """Posts held at ``on`` by someone who was not an official member that day (a probationary
    member may not stand for a leading body: Điều lệ Đảng, Điều 3), or by a name with no
    member's file. Warnings, not refusals: historical records are kept as given."""
    from dangvien.members.choices import MemberStatus
    from dangvien.members.models import MemberPeriod

    linked = [p for p in posts if p.member_id is not None]
    official = set(
        MemberPeriod.objects.at(on)
        .filter(member_id__in=[p.member_id for p in linked], status=MemberStatus.OFFICIAL)
        .values_list("member_id", flat=True)
    )
    warnings = [
        RuleWarning(
            "holder_not_official_member",
            _("%(name)s (%(post)s) is not an official member on this date.")
            % {"name": p.person_name, "post": p.get_post_display()},
            "",
            _("Party Statute, Article 3"),
        )
        for p in linked
        if p.member_id not in official
    ]
    warnings.extend(
        RuleWarning(
            "holder_without_member_file",
            _("%(name)s (%(post)s) is named without a member's file; link the post to the member.")
            % {"name": p.person_name, "post": p.get_post_display()},
            "",
            _("Committee members are party members"),
        )
        for p in posts
        if p.member_id is None
    )
    return warnings


def term_get(*, actor: Actor, organization: Organization, pk: int) -> Term:
    """A term of ``organization`` the actor may see, or ``Http404``."""
    from django.http import Http404

    term = term_list(actor=actor, organization=organization).filter(pk=pk).first()
    if term is None:
        raise Http404("term")
    return term


def committee_post_get(*, actor: Actor, organization: Organization, pk: int) -> CommitteePost:
    """A post of ``organization`` the actor may see, or ``Http404``."""
    from django.http import Http404

    post = committee_posts(actor=actor, organization=organization).filter(pk=pk).first()
    if post is None:
        raise Http404("committee post")
    return post


def size_warnings(
    state: OrganizationVersion, posts: list[CommitteePost], on: date
) -> list[RuleWarning]:
    """Warnings comparing the organization's membership with the size thresholds of the rulebook.

    Cells: fewer official members than needed to exist (``cell.min_official_members``); a cell
    committee although fewer than ``cell.committee_min_official_members`` official members; a
    cell (chi bộ trực thuộc) larger than ``cell.max_members_without_consent``. Grassroots:
    a grassroots committee under, or a grassroots cell at or over, ``grassroots.committee_min_members``.
    """
    from dangvien.members.choices import MemberStatus
    from dangvien.members.selectors import periods_in_subtree

    warnings: list[RuleWarning] = []
    periods = periods_in_subtree(state.organization, on)
    official_periods = periods.filter(status=MemberStatus.OFFICIAL)
    total: int | None = None
    if state.kind in CELL_KINDS or state.kind == "grassroots_committee":
        counted = periods.order_by().aggregate(
            total=Count("pk"), official=Count("pk", filter=Q(status=MemberStatus.OFFICIAL))
        )  # one scan of the subtree's periods for both
        total, official = counted["total"], counted["official"]
    else:
        # a larger organization (a district, a province, the whole tree: millions of members
        # at national size, seconds to count) is only held to the minimum to form one
        needed = int(rule_version("organization.min_official_members_to_form", on=on).value)
        official = official_periods.order_by()[:needed].count()

    def warn(code: str, key: str, message: str) -> None:
        version = rule_version(key, on=on)
        warnings.append(
            RuleWarning(
                code,
                message % {"count": total, "official": official, "limit": version.value},
                key,
                version.source,
            )
        )

    if state.kind in CELL_KINDS:
        if official < int(rule_version("cell.min_official_members", on=on).value):
            warn(
                "too_few_official_members",
                "cell.min_official_members",
                _("The cell has %(official)s official members; at least %(limit)s are needed."),
            )
        committee_size = len(
            {
                p.person_name
                for p in posts
                if p.post != Post.SECRETARY and p.post != Post.DEPUTY_SECRETARY
            }
        )
        if committee_size and official < int(
            rule_version("cell.committee_min_official_members", on=on).value
        ):
            warn(
                "committee_without_enough_members",
                "cell.committee_min_official_members",
                _(
                    "The cell has a committee but only %(official)s official members; a cell committee "
                    "is elected from %(limit)s official members."
                ),
            )
    if total is not None:  # the kinds whose total is held to a threshold
        if state.kind == "cell" and total > int(
            rule_version("cell.max_members_without_consent", on=on).value
        ):
            warn(
                "cell_too_large",
                "cell.max_members_without_consent",
                _(
                    "The cell has %(count)s members, more than %(limit)s: this needs the written consent of "
                    "the upper committee."
                ),
            )
        minimum = int(rule_version("grassroots.committee_min_members", on=on).value)
        if state.kind == "grassroots_committee" and total < minimum:
            warn(
                "grassroots_committee_too_small",
                "grassroots.committee_min_members",
                _(
                    "The grassroots committee has %(count)s members, fewer than %(limit)s: this needs the "
                    "written consent of the upper committee."
                ),
            )
        if state.kind == "grassroots_cell" and total >= minimum:
            warn(
                "grassroots_cell_too_large",
                "grassroots.committee_min_members",
                _(
                    "The grassroots cell has %(count)s members: from %(limit)s a grassroots committee is formed."
                ),
            )
    if state.kind not in CELL_KINDS and official < int(
        rule_version("organization.min_official_members_to_form", on=on).value
    ):
        warn(
            "too_few_to_form",
            "organization.min_official_members_to_form",
            _(
                "The organization has %(official)s official members; a party organization is formed "
                "with at least %(limit)s."
            ),
        )
    return warnings
