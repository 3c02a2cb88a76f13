"""Daily digest: per organization with staff grants, the overdue and due-soon admission steps,
mailed to the staff users who have an email address."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from dangvien.accounts.choices import Role
from dangvien.accounts.models import RoleAssignment
from dangvien.admissions.selectors import deadline_report
from dangvien.core.dates import today
from dangvien.core.formatting import vn_date


class Command(BaseCommand):
    help = "Mail the overdue and due-soon admission steps to the staff of each organization."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        on: date = options["date"] or today()
        grants = (
            RoleAssignment.objects.filter(role=Role.STAFF, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .select_related("organization", "user")
        )
        by_org: dict[int, tuple[Any, list[Any]]] = {}
        for grant in grants:
            by_org.setdefault(grant.organization_id, (grant.organization, []))[1].append(grant.user)
        sent = 0
        for organization, users in by_org.values():
            recipients = sorted({u.email for u in users if u.email and u.is_active})
            if not recipients:
                continue
            report = deadline_report(actor=users[0], organization=organization, on=on)
            if not report.overdue and not report.due_soon:
                continue
            lines = [
                _("Admissions of %(code)s on %(date)s")
                % {"code": organization.code, "date": vn_date(on)}
            ]
            for title, rows in ((_("Overdue"), report.overdue), (_("Due soon"), report.due_soon)):
                if rows:
                    lines.append(f"{title}:")
                    lines += [
                        f"- {d.candidate.full_name} ({d.candidate.organization.code}): {d.label} "
                        f"{vn_date(d.due)}"
                        for d in rows
                    ]
            send_mail(lines[0], "\n".join(lines) + "\n", None, recipients)
            sent += 1
            self.stdout.write("\n".join(lines))
        self.stdout.write(_("%(n)s digest(s) sent.") % {"n": sent})
