"""The member's file: its rules, the admission that creates it, and changes to it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import require
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, snapshot
from dangvien.competence.choices import DecisionKind
from dangvien.competence.selectors import may_decide, require_competent
from dangvien.core.dates import months_between, refuse_future
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.text import fold, person_list_key
from dangvien.core.verdicts import Refusal, enforce, refusals
from dangvien.members import rules
from dangvien.members.keys import next_member_key
from dangvien.members.models import (
    Member,
    MemberEvent,
    MemberPeriod,
)
from dangvien.members.rule_keys import MAX_AGE_MONTHS, MIN_AGE_MONTHS
from dangvien.members.selectors import (
    home_organization,
    member_queryset,
)
from dangvien.members.services.ledger import (
    CHANGE,
    E,
    _check_holds_members,
    _record_event,
)
from dangvien.organizations.models import Organization

PROFILE_FIELDS = [
    "full_name",
    "other_names",
    "sex",
    "birth_date",
    "birth_place",
    "home_town",
    "ethnicity",
    "religion",
    "national_id",
    "education",
    "professional_qualification",
    "political_theory",
    "occupation",
    "phone",
    "address",
    "party_card_number",
    "introducers",
]


def validate_profile(
    data: dict[str, Any],
    *,
    member: Member | None = None,
    reference_day: date | None = None,
    actor: Actor | None = None,
) -> dict[str, Any]:
    """Clean and check profile fields; raises ``ValidationFailed`` naming the field (the
    first of ``profile_refusals``)."""
    cleaned, found = profile_refusals(data, member=member, reference_day=reference_day, actor=actor)
    enforce(*found)
    return cleaned


def profile_refusals(
    data: dict[str, Any],
    *,
    member: Member | None = None,
    reference_day: date | None = None,
    actor: Actor | None = None,
) -> tuple[dict[str, Any], list[Refusal]]:
    """The cleaned profile fields and every refusal of their rules, in field order (a form
    shows them all at once; ``validate_profile`` raises the first).

    Rules (``members.rules``, for the fields given): a full name; sex M/F; a birth date before
    the admission; a 12-digit citizen ID unique among members; a party card number unique among
    members; a known political-theory level.
    """
    cleaned = dict(data)
    for key, value in list(cleaned.items()):
        if isinstance(value, str):
            cleaned[key] = " ".join(value.split()) if key != "introducers" else value.strip()
    national_id = cleaned.get("national_id") or ""
    card = cleaned.get("party_card_number") or ""
    found = refusals(
        rules.full_name_verdict(cleaned["full_name"]) if "full_name" in cleaned else None,
        rules.sex_verdict(cleaned["sex"]) if "sex" in cleaned else None,
        rules.birth_date_verdict(cleaned.get("birth_date"), reference_day),
        rules.national_id_verdict(
            national_id,
            holder=_holder(member, actor, national_id=national_id) if national_id else "",
        ),
        rules.party_card_verdict(
            card, holder=_holder(member, actor, party_card_number=card) if card else ""
        ),
        rules.political_theory_verdict(cleaned.get("political_theory") or ""),
    )
    return cleaned, found


def _holder(member: Member | None, actor: Actor | None, **value: str) -> str:
    """Another member holding this unique value (as ``rules`` names a holder), or "": named
    when the actor may see that member, "another party member" otherwise."""
    clash = Member.objects.filter(**value)
    if member is not None:
        clash = clash.exclude(pk=member.pk)
    found = clash.values_list("pk", "member_key").first()
    if found is None:
        return ""
    if actor is None or not member_queryset(actor).filter(pk=found[0]).exists():
        return rules.unnamed_holder()
    return rules.member_holder(found[1])


def check_admission_age(
    birth_date: date | None, vote_on: date, *, over_age_approved: bool = False
) -> None:
    """Age on the cell's vote date, in completed months, within the rulebook's range.

    Above the maximum the admission needs the provincial level's decision (``over_age_approved``).
    """
    enforce(
        rules.admission_age_verdict(
            birth_date,
            vote_on,
            min_months=MIN_AGE_MONTHS(on=vote_on),
            max_months=MAX_AGE_MONTHS(on=vote_on),
            over_age_approved=over_age_approved,
        )
    )


@transaction.atomic
def member_admit(
    *,
    actor: Actor,
    organization: Organization,
    admitted_on: date,
    decision: Decision,
    profile: dict[str, Any],
    member_key: str = "",
    vote_on: date | None = None,
    over_age_approved: bool = False,
    decided_by_competent_body: bool = False,
    note: str = "",
) -> Member:
    """Admit a person: create the member's file and the ADMITTED event.

    ``admitted_on`` is the ceremony (probation starts); ``decision.date`` the admission decision
    (party age counts from it). Rules: actor may change members of the organization; the actor
    acts for the body competent to admit into it (``competence.admission``) unless the
    admission pipeline recorded that body's decision already (``decided_by_competent_body``:
    the ceremony is the cell's act); it is a cell or grassroots cell existing that day; the
    decision is dated on or before the ceremony; the profile is valid (citizen ID, card number
    unique); the age on the vote date (default the decision date) is in the rulebook's range —
    above it only by the decision of the committee directly under the Centre
    (``over_age_approved`` from the pipeline's recorded decision, or an actor acting for that
    body: ``competence.over_age_admission``); the member key is unique. Writes: Member,
    MemberEvent(admitted), MemberPeriod, AuditEvent(create).
    """
    require(actor, CHANGE, organization)
    refuse_future(admitted_on, "admitted_on")
    refuse_future(decision.date, "decision_date")
    _check_holds_members(organization, admitted_on)
    if decision.date is None:
        raise ValidationFailed(
            _("The date of the admission decision is required."),
            code="decision_date_required",
            field="decision_date",
        )
    enforce(rules.ceremony_verdict(decision.date, admitted_on))
    if not decided_by_competent_body:
        # the organization exists that day (checked above), so its competent body can be found
        require_competent(actor, DecisionKind.ADMISSION, organization, admitted_on)
    cleaned = validate_profile(profile, reference_day=decision.date, actor=actor)
    if "full_name" not in cleaned or "sex" not in cleaned:
        raise ValidationFailed(
            _("The full name and sex are required."), code="name_required", field="full_name"
        )
    vote_day = vote_on or decision.date
    birth = cleaned.get("birth_date")
    if (
        birth is not None
        and not over_age_approved
        and months_between(birth, vote_day) > MAX_AGE_MONTHS(on=vote_day)
    ):
        # above the age limit only the committee directly under the Centre decides: a user
        # acting for it records the admission as approved; anyone else is told it is needed
        over_age_approved = may_decide(
            actor, DecisionKind.OVER_AGE_ADMISSION, organization, decision.date
        )
    check_admission_age(birth, vote_day, over_age_approved=over_age_approved)
    key = member_key.strip()
    if key and Member.objects.filter(member_key=key).exists():
        raise ValidationFailed(
            _("The member key %(key)s is already used.") % {"key": key},
            code="member_key_taken",
            field="member_key",
        )
    member = Member(member_key=key or f"tmp-{fold(cleaned['full_name'])}", **cleaned)
    member.search_name = fold(member.full_name)
    member.list_key = person_list_key(member.full_name)
    member.save()
    if not key:
        member.member_key = next_member_key(member.pk)
        member.save(update_fields=["member_key"])
    _record_event(
        actor=actor,
        member=member,
        type=E.ADMITTED,
        effective_on=admitted_on,
        action=CHANGE,
        organization=organization,
        decision=decision,
        note=note,
        authorize_on=[organization],
    )
    return member


@transaction.atomic
def member_update_profile(*, actor: Actor, member: Member, changes: dict[str, Any]) -> Member:
    """Change fields of the member's file (not the lifecycle).

    Rules: actor may change members of the member's organization; as ``validate_profile``.
    No-op when nothing changes. Writes: Member (and the copy of the sex on its periods),
    AuditEvent(update) with before and after.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    home = home_organization(member, date.max)
    if home is None:
        raise ValidationFailed(_("The member has no organization."), code="no_organization")
    require(actor, CHANGE, home)
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown field."), code="unknown_field", field=sorted(unknown)[0])
    first = (
        MemberEvent.objects.filter(member=member, type=E.ADMITTED)
        .order_by("effective_on", "id")
        .first()
    )
    reference = (first.decision_date or first.effective_on) if first else None
    cleaned = validate_profile(changes, member=member, reference_day=reference, actor=actor)
    changed = {k: v for k, v in cleaned.items() if getattr(member, k) != v}
    if not changed:
        return member
    before = snapshot(member, list(changed))
    for key, value in changed.items():
        setattr(member, key, value)
    member.search_name = fold(member.full_name)
    member.list_key = person_list_key(member.full_name)
    member.save()
    if "sex" in changed:
        # the periods carry a copy of the sex for the statistics
        MemberPeriod.objects.filter(member=member).update(sex=member.sex)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=member,
        before=before,
        after=snapshot(member, list(changed)),
        organization_path=home.path,
        message="profile",
    )
    return member
