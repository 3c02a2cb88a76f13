"""Rules of discipline that the services and the bundle import share: pure functions of plain
values returning a verdict (``None`` or a ``Refusal`` citing the rulebook key).

What a rule needs (the rulebook value on the day, the member's standing that day, the chain of
organizations above the subject) is looked up by the caller and passed in.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.core.dates import add_months
from dangvien.core.formatting import vn_date
from dangvien.core.verdicts import Refusal, Verdict
from dangvien.discipline.choices import Form, Subject

LIMITATION_KEY = "discipline.limitation_years"
FORMS_KEY = "discipline.forms_by_subject"

#: The subjects of ``FORMS_KEY`` (``subject_class``) as a refusal names them; the rulebook page
#: reads the rule's keys with them too (``discipline.rule_words``).
SUBJECT_CLASS_LABELS = {
    "organization": gettext_lazy("a party organization"),
    "official": gettext_lazy("an official member"),
    "probationary": gettext_lazy("a probationary member"),
}


def subject_class(subject: str, status: str | None) -> str:
    """The key of ``discipline.forms_by_subject``: the organization, or the member's status."""
    if subject == Subject.ORGANIZATION:
        return "organization"
    return "probationary" if status == "probationary" else "official"


def form_verdict(
    form: str, klass: str, allowed: Mapping[str, Collection[str]], source: str = ""
) -> Verdict:
    """The form is one the subject may receive (Quy định 69-QĐ/TW Điều 7); ``source``: the
    rule's source as the rulebook cites it (its key without one)."""
    if form not in Form.values:
        return Refusal(_("Unknown form of discipline “%(form)s”.") % {"form": form}, "form", "form")
    if form in allowed.get(klass, ()):
        return None
    if klass == "probationary" and form == Form.EXPULSION:
        return Refusal(
            _(
                "A probationary member cannot be expelled; one who no longer qualifies is "
                "removed from the list (%(source)s)."
            )
            % {"source": source or FORMS_KEY},
            "form_not_allowed",
            "form",
            FORMS_KEY,
        )
    return Refusal(
        _("%(form)s is not a form of discipline for %(subject)s (%(source)s).")
        % {
            "form": Form(form).label,
            "subject": SUBJECT_CLASS_LABELS.get(klass, klass),
            "source": source or FORMS_KEY,
        },
        "form_not_allowed",
        "form",
        FORMS_KEY,
    )


def limitation_verdict(
    form: str,
    violated_on: date | None,
    decided_on: date,
    years: Mapping[str, int],
    source: str = "",
) -> Verdict:
    """The decision falls within the limitation period counted from the violation (none for
    a form the rulebook gives no period, e.g. expulsion); ``source`` as ``form_verdict``."""
    if violated_on is None or form not in years:
        return None
    ends = add_months(violated_on, 12 * years[form])
    if decided_on <= ends:
        return None
    return Refusal(
        _(
            "The limitation period for %(form)s is %(years)s years from the violation "
            "(%(violated)s): it ended on %(ends)s (%(source)s)."
        )
        % {
            "form": Form(form).label.lower(),
            "years": years[form],
            "violated": vn_date(violated_on),
            "ends": vn_date(ends),
            "source": source or LIMITATION_KEY,
        },
        "limitation_expired",
        "violated_on",
        LIMITATION_KEY,
    )


def violation_date_verdict(violated_on: date | None, decided_on: date) -> Verdict:
    if violated_on is not None and violated_on > decided_on:
        return Refusal(
            _("The violation cannot be dated after the decision."), "violation_after", "violated_on"
        )
    return None


def membership_verdict(organization_id: int | None, name: str, on: date) -> Verdict:
    """A member is disciplined while a member (on the day of their expulsion included)."""
    if organization_id is None:
        return Refusal(
            _("%(name)s was not a party member on %(date)s.") % {"name": name, "date": vn_date(on)},
            "not_a_member",
            "code",
        )
    return None


def deciding_body_verdict(
    decider_id: int | None, chain: Collection[int], subject: str, name: str
) -> Verdict:
    """The deciding body stands above the subject organization that day (a member's own
    organization or a body above it; for an organization, a body above it)."""
    if decider_id is not None and decider_id in chain:
        return None
    if subject == Subject.ORGANIZATION:
        message = _("%(name)s does not stand above the organization disciplined on that date.")
    else:
        message = _(
            "%(name)s is neither the member's organization nor a body above it on that date."
        )
    return Refusal(message % {"name": name}, "decider_not_above", "decided_by_code")


def decision_number_verdict(number: str) -> Verdict:
    if number.strip():
        return None
    return Refusal(_("The decision number is required."), "decision_required", "decision_number")


def expulsion_event_verdict(form: str, expelled_that_day: bool) -> Verdict:
    """An expulsion matches the member's ``expelled`` ledger event on the same date."""
    if form != Form.EXPULSION or expelled_that_day:
        return None
    return Refusal(
        _(
            "An expulsion must match an expelled event of the member on the same date "
            "(the ledger of members is the truth of membership)."
        ),
        "expulsion_without_event",
        "decided_on",
    )


def dismissal_verdict(form: str, posts_held: int) -> Verdict:
    """Dismissal (cách chức) applies to a member holding a post in the party (Quy định
    69-QĐ/TW Điều 7)."""
    if form != Form.DISMISSAL or posts_held > 0:
        return None
    return Refusal(
        _("Dismissal applies only to a member holding a committee post on that date."),
        "no_post",
        "form",
    )


APPEAL_KEY = "discipline.appeal_months"


def appeal_deadline_verdict(
    received_on: date, lodged_on: date, months: int, source: str = ""
) -> Verdict:
    """An appeal is lodged within the period from the day the decision was received
    (``source`` as ``form_verdict``)."""
    if lodged_on < received_on:
        return Refusal(
            _("The appeal cannot precede the receipt of the decision."),
            "appeal_before_receipt",
            "lodged_on",
        )
    ends = add_months(received_on, months)
    if lodged_on <= ends:
        return None
    return Refusal(
        _(
            "An appeal is lodged within %(months)s month(s) of receiving the decision "
            "(%(received)s): the period ended on %(ends)s (%(source)s)."
        )
        % {
            "months": months,
            "received": vn_date(received_on),
            "ends": vn_date(ends),
            "source": source or APPEAL_KEY,
        },
        "appeal_late",
        "lodged_on",
        APPEAL_KEY,
    )


def appeal_body_verdict(body_id: int, above_decider: Collection[int], name: str) -> Verdict:
    """An appeal goes to a body above the one that decided."""
    if body_id in above_decider:
        return None
    return Refusal(
        _("%(name)s is not above the body that decided.") % {"name": name},
        "appeal_body",
        "appealed_to",
    )
