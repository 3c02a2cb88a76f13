"""Data-quality findings of an organization's subtree: those recorded by imports of historic data
and the checks of the data already in the database ("làm sạch dữ liệu").

Each check is registered in ``quality_checks`` (the built-in ones in ``register_builtin_checks``;
another app may add its own in its ``AppConfig.ready()``) and reuses the rule it checks: the
citizen ID's rule of the members' file, the recognition due-list of the members, the
committees' "without a secretary", the organizations' existence rule. Nothing here copies a rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.accounts.scoping import scope_q
from dangvien.accounts.types import Actor
from dangvien.committees.models import CommitteePost
from dangvien.committees.selectors import organizations_without_secretary
from dangvien.core.dates import today
from dangvien.core.formatting import vn_date
from dangvien.core.registry import Registry
from dangvien.core.text import fold
from dangvien.members.models import Member, MemberPeriod
from dangvien.members.permissions import MemberPermission
from dangvien.members.rule_keys import PROBATION_MONTHS
from dangvien.members.rules import national_id_verdict
from dangvien.members.selectors import member_list_at, recognition_due
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.rules import existence_verdict
from dangvien.quality.models import Finding

#: How many findings of one check a page lists (the count says how many there are in all).
SHOWN_PER_CHECK = 200


@dataclass(frozen=True)
class CheckFinding:
    """One finding of a check: what is wrong, about whom, and where to put it right."""

    message: str
    fingerprint: str
    url: str
    organization: Organization | None = None
    member: Member | None = None


@dataclass(frozen=True)
class Check:
    """A check of the data in the database: its title, the rule it checks (its key in the
    rulebook when it has one, and its source), and what it finds in a subtree on a day."""

    label: str | Promise
    source: str
    find: Callable[[Actor, Organization, date], list[CheckFinding]]
    rule_key: str = ""


quality_checks: Registry[Check] = Registry("data-quality checks")


def organization_names(ids: set[int]) -> dict[int, str]:
    """The latest name of each organization (a dissolved one's last name), by id."""
    names: dict[int, str] = {}
    for organization_id, name in (
        OrganizationVersion.objects.filter(organization_id__in=ids)
        .order_by("valid_from")
        .values_list("organization_id", "name")
    ):
        names[organization_id] = name
    return names


def _member_url(member: Member) -> str:
    return reverse("web:member", args=[member.pk])


def _organization_url(organization: Organization) -> str:
    return reverse("web:organization", args=[organization.code])


def _member_finding(
    check: str, member: Member, organization: Organization, message: str
) -> CheckFinding:
    return CheckFinding(
        message,
        f"{check}:member:{member.pk}",
        reverse("web:member_edit", args=[member.pk]),
        organization=organization,
        member=member,
    )


def _national_ids(actor: Actor, root: Organization, on: date) -> list[CheckFinding]:
    """Members of the subtree without a citizen ID or with one the members' rule refuses."""
    found = []
    for period in member_list_at(actor=actor, organization=root, on=on):
        member = period.member
        if not member.national_id:
            message = _("%(name)s has no citizen ID (CCCD).") % {"name": member.full_name}
        else:
            refusal = national_id_verdict(member.national_id)
            if refusal is None:
                continue
            message = f"{member.full_name}: {refusal.message} ({member.national_id})"
        found.append(_member_finding("national_id", member, period.organization, message))
    return found


def _duplicates(actor: Actor, root: Organization, on: date) -> list[CheckFinding]:
    """Members of the subtree with the same name (diacritics and case aside) and birth date."""
    people: dict[tuple[str, date], list[MemberPeriod]] = defaultdict(list)
    for period in member_list_at(actor=actor, organization=root, on=on):
        member = period.member
        if member.birth_date is not None:
            people[(fold(member.full_name), member.birth_date)].append(period)
    found = []
    for (_name, born), periods in people.items():
        if len(periods) < 2:
            continue
        keys = ", ".join(p.member.member_key for p in periods)
        for period in periods:
            member = period.member
            found.append(
                CheckFinding(
                    _(
                        "%(name)s, born %(born)s: likely the same person as another record "
                        "(members %(keys)s)."
                    )
                    % {"name": member.full_name, "born": vn_date(born), "keys": keys},
                    f"duplicate:member:{member.pk}",
                    _member_url(member),
                    organization=period.organization,
                    member=member,
                )
            )
    return found


def _in_ended_organizations(actor: Actor, root: Organization, on: date) -> list[CheckFinding]:
    """Members still recorded in an organization of the subtree that no longer exists."""
    query = (
        MemberPeriod.objects.filter(scope_q(actor, MemberPermission.VIEW))
        .filter(
            valid_to__isnull=True,
            organization__dissolved_on__lte=on,
            organization__path__startswith=root.path,
        )
        .select_related("member", "organization")
    )
    found = []
    periods = list(query)
    names = organization_names({p.organization_id for p in periods})
    for period in periods:
        organization = period.organization
        name = names.get(organization.pk, organization.code)
        refusal = existence_verdict(name, on, exists=False)
        assert refusal is not None
        found.append(
            CheckFinding(
                _("%(name)s is still recorded in %(organization)s: %(reason)s")
                % {
                    "name": period.member.full_name,
                    "organization": name,
                    "reason": refusal.message,
                },
                f"ended_organization:member:{period.member_id}",
                _member_url(period.member),
                organization=organization,
                member=period.member,
            )
        )
    return found


def _probation_overdue(actor: Actor, root: Organization, on: date) -> list[CheckFinding]:
    """Probationary members past the recognition deadline (the members' due-list)."""
    return [
        CheckFinding(
            _(
                "%(name)s: probation ended on %(end)s and the recognition deadline %(deadline)s "
                "has passed without a decision."
            )
            % {
                "name": row.member.full_name,
                "end": vn_date(row.probation_ends),
                "deadline": vn_date(row.proposal_deadline),
            },
            f"probation_overdue:member:{row.member.pk}",
            _member_url(row.member),
            organization=row.organization,
            member=row.member,
        )
        for row in recognition_due(actor=actor, organization=root, on=on, within_days=0)
        if row.is_overdue
    ]


def _without_secretary(actor: Actor, root: Organization, on: date) -> list[CheckFinding]:
    """Organizations of the subtree that must have a secretary and have none that day."""
    return [
        CheckFinding(
            _("%(name)s (%(code)s) has no secretary.")
            % {"name": state.name, "code": state.organization.code},
            f"without_secretary:organization:{state.organization_id}",
            reverse("web:post_assign", args=[state.organization.code]),
            organization=state.organization,
        )
        for state in organizations_without_secretary(actor=actor, on=on, root=root)
    ]


def _posts_outside_life(actor: Actor, root: Organization, on: date) -> list[CheckFinding]:
    """Committee posts held before their organization was founded or after it ended."""
    posts = (
        CommitteePost.objects.filter(scope_q(actor, MemberPermission.VIEW))
        .filter(organization__path__startswith=root.path)
        .select_related("organization")
        .order_by("organization__code", "held_from")
    )
    found = []
    posts_list = list(posts)
    names = organization_names({p.organization_id for p in posts_list})
    for post in posts_list:
        organization = post.organization
        ends = organization.dissolved_on
        last_day = post.held_to or on
        day = (
            post.held_from
            if post.held_from < organization.established_on
            else last_day
            if ends is not None and last_day > ends
            else None
        )
        if day is None:
            continue
        exists = OrganizationVersion.objects.at(day).filter(organization=organization).exists()
        refusal = existence_verdict(
            names.get(organization.pk, organization.code), day, exists=exists
        )
        if refusal is None:
            continue
        found.append(
            CheckFinding(
                _("%(post)s %(name)s (from %(start)s): %(reason)s")
                % {
                    "post": post.get_post_display(),
                    "name": post.person_name,
                    "start": vn_date(post.held_from),
                    "reason": refusal.message,
                },
                f"post_outside_life:post:{post.pk}",
                _organization_url(organization),
                organization=organization,
            )
        )
    return found


def register_builtin_checks() -> None:
    quality_checks.register(
        "national_id",
        Check(
            gettext_lazy("Citizen ID (CCCD) missing or malformed"),
            "CSDL đảng viên 3.0: số CCCD bắt buộc, 12 chữ số (domain-rules §6.5)",
            _national_ids,
        ),
        order=10,
    )
    quality_checks.register(
        "duplicate",
        Check(
            gettext_lazy("Likely duplicate persons (same name and date of birth)"),
            "Làm sạch dữ liệu “đúng - đủ - sạch - sống” (2025; domain-rules §6.1)",
            _duplicates,
        ),
        order=20,
    )
    quality_checks.register(
        "ended_organization",
        Check(
            gettext_lazy("Members in organizations that no longer exist"),
            "Làm sạch dữ liệu “đúng - đủ - sạch - sống” (2025; domain-rules §6.1)",
            _in_ended_organizations,
        ),
        order=30,
    )
    quality_checks.register(
        "probation_overdue",
        Check(
            gettext_lazy("Probation overdue (not recognised by the deadline)"),
            "Quy định 29-QĐ/TW, 24-QĐ/TW mục 4.3–4.4; Hướng dẫn 01-HD/TW",
            _probation_overdue,
            rule_key=PROBATION_MONTHS.key,
        ),
        order=40,
    )
    quality_checks.register(
        "without_secretary",
        Check(
            gettext_lazy("Organizations without a secretary"),
            "Quy định 294-QĐ/TW (bầu bí thư; domain-rules §2.1)",
            _without_secretary,
        ),
        order=50,
    )
    quality_checks.register(
        "post_outside_life",
        Check(
            gettext_lazy("Committee posts outside their organization's life"),
            "dangvien: một chức vụ chỉ có khi tổ chức tồn tại (organizations.rules)",
            _posts_outside_life,
        ),
        order=60,
    )


@dataclass
class CheckResult:
    key: str
    check: Check
    findings: list[CheckFinding]
    total: int


def check_results(*, actor: Actor, organization: Organization) -> list[CheckResult]:
    """Each registered check run on the subtree of ``organization`` today, less the findings
    marked resolved (at most ``SHOWN_PER_CHECK`` findings each, with their total)."""
    on = today()
    resolved = set(
        Finding.objects.filter(
            origin="check", resolved_at__isnull=False, fingerprint__gt=""
        ).values_list("fingerprint", flat=True)
    )
    results = []
    for key, check in quality_checks.items():
        findings = [f for f in check.find(actor, organization, on) if f.fingerprint not in resolved]
        results.append(CheckResult(key, check, findings[:SHOWN_PER_CHECK], len(findings)))
    return results


def import_findings(*, organization: Organization, resolved: bool = False) -> QuerySet[Finding]:
    """The findings recorded by imports in the subtree of ``organization`` (open ones, or the
    resolved ones)."""
    return (
        Finding.objects.filter(
            origin="import",
            organization__path__startswith=organization.path,
            resolved_at__isnull=not resolved,
        )
        .select_related("organization", "member")
        .order_by("file", "line", "id")
    )


def resolved_findings(*, organization: Organization) -> QuerySet[Finding]:
    """Every finding of the subtree marked resolved, the latest first."""
    return (
        Finding.objects.filter(
            organization__path__startswith=organization.path, resolved_at__isnull=False
        )
        .select_related("organization", "member")
        .order_by("-resolved_at")
    )
