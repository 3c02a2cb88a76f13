"""Changing the rulebook: a new value takes effect from a date; the old one ends the day before."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.scoping import require_superuser
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, snapshot
from dangvien.core.exceptions import ValidationFailed
from dangvien.rules.models import RuleParameter
from dangvien.rules.wording import is_vietnamese_title


@transaction.atomic
def rule_set(
    *,
    actor: Actor,
    key: str,
    value: Any,
    unit: str,
    effective_from: date,
    title: str,
    source: str,
    confidence: str = "confirmed",
    note: str = "",
) -> RuleParameter:
    """Put a new value of ``key`` in force from ``effective_from``.

    Rules: only a system administrator changes rules; the title is Vietnamese words, not a
    code (``wording.is_vietnamese_title``: the rulebook page shows it); a source document is
    required; the new version must start after every earlier version of the key (history is
    not rewritten); the open version, if any, is closed the day before. No-op when the value in force is the same.
    Writes: RuleParameter (new, and the closed one), AuditEvent(create/update).
    """
    require_superuser(actor)
    if not is_vietnamese_title(title, key):
        raise ValidationFailed(
            _(
                "Give the rule's title in Vietnamese words with their diacritics, as officers "
                "read it on the rulebook page, not its key or another code."
            ),
            field="title",
        )
    if not source.strip():
        raise ValidationFailed(_("Name the document that sets this rule."), field="source")
    versions = RuleParameter.objects.select_for_update().filter(key=key)
    later = versions.filter(effective_from__gte=effective_from).exists()
    if later:
        raise ValidationFailed(
            _("A later version of this rule exists; a new value must start after it."),
            field="effective_from",
        )
    current = versions.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=effective_from)
    ).first()
    if current is not None and current.value == value and current.effective_to is None:
        return current
    if current is not None:
        before = snapshot(current)
        current.effective_to = effective_from - timedelta(days=1)
        current.save(update_fields=["effective_to", "updated_at"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            before=before,
            after=snapshot(current),
        )
    version = RuleParameter.objects.create(
        key=key,
        value=value,
        unit=unit,
        effective_from=effective_from,
        title=title,
        source=source,
        confidence=confidence,
        note=note,
    )
    record(actor=actor, action=AuditAction.CREATE, obj=version, after=snapshot(version))
    return version
