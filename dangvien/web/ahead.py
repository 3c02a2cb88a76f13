"""Counting ahead (issue 19): right after a change of the data, the background worker counts
again what the readers of the large subtrees would otherwise wait for at their next page.

Every kept part of a page (the inbox, the tree, the dashboard's figures …) is kept until the
next change of the data (``audit.selectors.cached_until_write``). After a change, the first
reader to ask pays the counting: seconds for a province or the whole tree at national size,
during which every other request shares the processors with it. The apps register in
``http.registry.counted_ahead`` what they keep; after each committed change
(``audit.signals.data_changed``) one task (``web.tasks.count_ahead_task``, at most one
waiting at a time) calls them for the readers whose grants cover a province or more (and the
system administrators) and for the top organizations of their subtrees, as their pages would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import translation

from dangvien.accounts.models import RoleAssignment, User
from dangvien.core.dates import today
from dangvien.http.registry import counted_ahead
from dangvien.organizations.choices import LARGE_KINDS
from dangvien.organizations.models import OrganizationVersion
from dangvien.organizations.selectors import granted_roots

#: Set while a counting waits in the queue: the changes meanwhile ask no second one.
QUEUED = "count-ahead:queued"
QUEUED_SECONDS = 600


@dataclass(frozen=True)
class Counted:
    readers: int
    organizations: int


def large_subtree_readers() -> QuerySet[User]:
    """The active users whose grants today cover a province or more, and the active system
    administrators (the whole tree)."""
    on = today()
    large = OrganizationVersion.objects.at(on).filter(kind__in=LARGE_KINDS).values("organization")
    grants = (
        RoleAssignment.objects.filter(valid_from__lte=on, organization__in=large)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .values("user")
    )
    return User.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(pk__in=grants))


def count_ahead() -> Counted:
    """Call every ``counted_ahead`` part for the large subtrees' readers and their top
    organizations today, in the site's language (what a reader sees is kept per language).
    Writes nothing but the cache. A change meanwhile does not stop it: each part is kept under
    the data version it read first (``cached_until_write``), and the change queued a counting
    of its own, which finds the parts counted after the change already kept."""
    on = today()
    readers = organizations = 0
    done: set[int] = set()
    with translation.override(settings.LANGUAGE_CODE):
        for reader in large_subtree_readers().order_by("pk"):
            for part in counted_ahead:
                if part.for_reader is not None:
                    part.for_reader(reader, on)
            readers += 1
            for organization in granted_roots(reader):
                if organization.pk in done:
                    continue
                done.add(organization.pk)
                for part in counted_ahead:
                    if part.for_organization is not None:
                        part.for_organization(organization, on)
                organizations += 1
    return Counted(readers, organizations)


def queue_count_ahead(**_signal: Any) -> None:
    """``data_changed``'s receiver: queue a counting unless one already waits (a change of
    thousands of rows, or many changes in a row, ask one). Off with ``DANGVIEN_COUNT_AHEAD``
    false (the tests: every change would count)."""
    if not settings.COUNT_AHEAD:
        return
    if cache.add(QUEUED, True, QUEUED_SECONDS):
        from dangvien.web.tasks import count_ahead_task

        try:
            count_ahead_task.enqueue()
        except Exception:
            # not queued (the task table locked or missing): the next change tries again
            cache.delete(QUEUED)
            raise
