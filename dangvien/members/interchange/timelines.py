"""The organizations as the member loader checks them: in memory, for every member row.

Existence, kind and merges of every organization, read once; the organizations a bundle refers
to without holding them (``external``: identities only, no state in the tree, see
``section.py``) are accepted as they are. ``add_redirects`` derives the entries that pass a
member on when an organization they belong to, are hosted by or are in transit to is merged,
with the same rule as the services' merge hook (``members.rules.merge_redirects``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from operator import itemgetter

from django.utils.translation import gettext as _

from dangvien.core.formatting import vn_date
from dangvien.members import rules
from dangvien.members.choices import EXIT_EVENTS, MemberEventType
from dangvien.members.services.bulk import Extras
from dangvien.members.transitions import LedgerEntry, PeriodRow
from dangvien.organizations.choices import ChangeType
from dangvien.organizations.models import Organization, OrganizationChange, OrganizationVersion
from dangvien.organizations.rules import existence_verdict

E = MemberEventType
LEDGER_ORDER = itemgetter(2, 0)  # (effective_on, key) of a LedgerEntry
# Keys of derived entries: after the entries of the file (of the same day, too).
REDIRECT_KEYS = 1_000_000

_ADMISSIONS = frozenset({E.ADMITTED.value, E.READMITTED.value})
_EXITS = frozenset(str(kind) for kind in EXIT_EVENTS) | {E.EXPELLED.value}
_MOVES = frozenset({E.TRANSFERRED.value, E.REASSIGNED.value})


class OrganizationTimelines:
    """Existence, kind and merges of every organization, in memory, for checking members."""

    def __init__(self) -> None:
        self.versions: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
        for org_id, start, end, kind in OrganizationVersion.objects.order_by(
            "organization_id", "valid_from"
        ).values_list("organization_id", "valid_from", "valid_to", "kind"):
            self.versions[org_id].append((start, end, kind))
        self.ends: dict[int, date | None] = {}
        self.codes: dict[int, str] = {}
        for pk, code, dissolved in Organization.objects.values_list("pk", "code", "dissolved_on"):
            self.ends[pk] = dissolved
            self.codes[pk] = code
        # absorbed -> (merge day, order in which the merges were recorded, survivor)
        self.merges: dict[int, tuple[date, int, int]] = {}
        for absorbed, day, order, survivor in OrganizationChange.objects.filter(
            change_type=ChangeType.MERGED
        ).values_list("organization_id", "effective_on", "pk", "related_organization_id"):
            if survivor is not None:
                self.merges[absorbed] = (day, order, survivor)
        self.merged = frozenset(self.merges)
        # references to organizations outside the bundle's tree: no state, nothing to check
        self.external = frozenset(pk for pk in self.codes if pk not in self.versions)
        # versions follow each other without gaps from the founding to the end
        self.life = {
            pk: (versions[0][0], self.ends.get(pk)) for pk, versions in self.versions.items()
        }
        # the kind of organizations that never changed kind (nearly all)
        self.single_kind = {
            pk: versions[0][2]
            for pk, versions in self.versions.items()
            if all(kind == versions[0][2] for _s, _e, kind in versions)
        }

    def exists_on(self, org_id: int, on: date) -> bool:
        founded, dissolved = self.life.get(org_id, (None, None))
        return founded is not None and founded <= on and (dissolved is None or dissolved > on)

    def kind_on(self, org_id: int, on: date) -> str | None:
        """The kind that day, ``None`` when the organization does not exist then."""
        if not self.exists_on(org_id, on):
            return None
        kind = self.single_kind.get(org_id)
        if kind is not None:
            return kind
        for start, end, version_kind in self.versions.get(org_id, ()):
            if start <= on and (end is None or end > on):
                return version_kind
        return None

    def add_redirects(self, entries: list[LedgerEntry], extras: Extras) -> list[LedgerEntry]:
        """``entries`` (in ledger order) with the entries that pass the member on at each merge
        of their organization, temporary host or transfer destination, dated the merge day
        after the member's own entries of that day, as the services' merge hook records them
        when the merge is recorded after those entries."""
        result: list[LedgerEntry] = []
        member = False
        organization: int | None = None
        host: int | None = None
        transit: int | None = None
        next_key = REDIRECT_KEYS

        def merges_before(day: date | None) -> None:
            nonlocal organization, host, transit, next_key
            while member:
                pending = [
                    (*self.merges[pk], pk)
                    for pk in (organization, host, transit)
                    if pk is not None and pk in self.merges
                ]
                if day is not None:
                    pending = [merge for merge in pending if merge[0] < day]
                if not pending:
                    return
                merge_day, _order, survivor, absorbed = min(pending)
                note = rules.merge_note(self.codes.get(survivor, ""))
                for event, target in rules.merge_redirects(
                    organization=organization,
                    host=host,
                    transit=transit,
                    absorbed=absorbed,
                    survivor=survivor,
                ):
                    next_key += 1
                    result.append(LedgerEntry(next_key, str(event), merge_day, target))
                    extras[next_key] = ("", 0, "", note)
                    if event == E.TRANSFER_CANCELLED:
                        transit = None
                    elif event == E.TRANSFER_ISSUED:
                        transit = target
                    elif event == E.TEMPORARY_RETURN:
                        host = None
                    elif event == E.TEMPORARY_OUT:
                        host = target
                    else:
                        organization = target

        for entry in entries:
            merges_before(entry.effective_on)
            result.append(entry)
            kind = entry.type
            if kind in _ADMISSIONS:
                member, organization, host, transit = True, entry.organization_id, None, None
            elif kind in _MOVES:
                organization = entry.organization_id
            elif kind == E.TRANSFER_ISSUED:
                transit = entry.organization_id
            elif kind == E.TRANSFER_RECEIVED:
                organization, transit = transit, None
            elif kind == E.TRANSFER_CANCELLED:
                transit = None
            elif kind == E.TEMPORARY_OUT:
                host = entry.organization_id
            elif kind == E.TEMPORARY_RETURN:
                host = None
            elif kind in _EXITS:
                member, host, transit = False, None, None
        merges_before(None)
        return result

    def check_period(self, period: PeriodRow) -> str | None:
        """Why the period cannot be (its organization does not exist when it starts, or ends
        while the member is there), or None."""
        org_id = period.organization_id
        if org_id in self.external:
            return None
        start = period.valid_from
        founded, dissolved = self.life.get(org_id, (None, None))
        code = self.codes.get(org_id, "?")
        if founded is None or founded > start or (dissolved is not None and dissolved <= start):
            refusal = existence_verdict(code, start, exists=False)
            assert refusal is not None
            return refusal.message
        if dissolved is not None and (period.valid_to is None or period.valid_to > dissolved):
            return _("%(code)s was dissolved on %(date)s while the member still belonged to it") % {
                "code": code,
                "date": vn_date(dissolved),
            }
        return None
