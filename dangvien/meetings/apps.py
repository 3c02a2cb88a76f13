from collections.abc import Callable
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingsConfig(AppConfig):
    """Party life: meetings of cells and committees, attendance, the three months rule."""

    name = "dangvien.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.meetings.permissions import MeetingPermission

        grant_view(MeetingPermission.VIEW)
        grant(Role.CELL_SECRETARY, MeetingPermission.CHANGE)
        grant(Role.STAFF, MeetingPermission.CHANGE)

        from dangvien.meetings import rule_keys  # noqa: F401  (declares the keys it reads)
        from dangvien.meetings.seed import MEETING_RULES
        from dangvien.rules.seed import rule_seeds

        rule_seeds.register("meetings", MEETING_RULES)

        from dangvien.meetings.figures import meetings_figures, meetings_tables, meetings_text
        from dangvien.statistics.sections import StatisticsSection, statistics_sections

        statistics_sections.register(
            "meetings",
            StatisticsSection(
                meetings_figures,
                meetings_text,
                meetings_tables,
                title=pgettext_lazy("statistics part", "Party meetings and attendance"),
            ),
            order=50,
        )

        from dangvien.decisions.due import removal_triggers
        from dangvien.meetings.due import UNEXCUSED_TRIGGER

        removal_triggers.register("unexcused_months", UNEXCUSED_TRIGGER, order=20)

        from dangvien.audit.readable import AuditParts, register_parts, register_words
        from dangvien.meetings.choices import AttendanceStatus

        statuses = dict(AttendanceStatus.choices)

        def attendance_line(line: Any) -> str:
            """One line of an attendance as the audit keeps it ([status, reason]) in words."""
            status, reason = [*line, "", ""][:2] if isinstance(line, list) else (line, "")
            shown = str(statuses.get(status, status or "—"))
            return f"{shown} ({reason})" if reason else shown

        # attendance_take keeps the lines of a meeting as {member id: [status, reason]}
        register_parts("attendance", AuditParts(_("attendance"), "members.member", attendance_line))
        register_words({"attendance": _("attendance recorded")})
        self._audit_values()

        from dangvien.interchange.sections import sections
        from dangvien.meetings.interchange import MeetingsSection

        sections.register("meetings", MeetingsSection(), order=50)

        from dangvien.http.registry import (
            NavItem,
            PageLink,
            Panel,
            dashboard_panels,
            inbox,
            member_panels,
            navigation,
            organization_links,
            page_url,
        )
        from dangvien.meetings.panels import (
            dashboard_meetings,
            inbox_attendance,
            member_attendance,
            portal_meetings,
        )
        from dangvien.portal.registry import portal_sections

        navigation.register(
            "meetings", NavItem(_("Meetings"), "web:meetings", MeetingPermission.VIEW), order=35
        )
        organization_links.register(
            "meetings",
            PageLink(
                _("Party life"),
                _("Meetings and attendance"),
                lambda page: page_url("web:organization_meetings", page.subject.code, on=page.on),
            ),
            order=50,
        )
        member_panels.register(
            "attendance", Panel("meetings/member_panel.html", member_attendance), order=50
        )
        inbox.register("meetings_attendance", inbox_attendance, order=40)
        dashboard_panels.register(
            "meetings", Panel("meetings/dashboard_panel.html", dashboard_meetings), order=50
        )
        portal_sections.register(
            "meetings", Panel("meetings/portal_section.html", portal_meetings), order=20
        )

        from dangvien.core.votes import vote_sources
        from dangvien.meetings.selectors import MeetingVoteSource

        vote_sources.register("meetings", MeetingVoteSource(), order=50)

        from dangvien.core.registry import DemoStep, demo_steps
        from dangvien.meetings.demo import build_meetings

        demo_steps.register("meetings", DemoStep(_("Meetings"), build=build_meetings), order=97)

    def _audit_values(self) -> None:
        """The meetings and plans a vote, a document or an absence notice points to, by name
        (not by id); a document's size in bytes; its storage machinery hidden."""
        from django.db import models

        from dangvien.audit.readable import (
            AuditValues,
            record_ids,
            register_hidden,
            register_values,
        )
        from dangvien.core.formatting import vn_int
        from dangvien.meetings.models import AbsenceNotice, Meeting, MeetingPlan

        def named(model: type[models.Model]) -> Callable[[set[object]], dict[object, str]]:
            """Objects of ``model`` by their own name (a meeting: its kind and day)."""

            def names(values: set[object]) -> dict[object, str]:
                ids = record_ids(values)
                return {row.pk: str(row) for row in model._default_manager.filter(pk__in=ids)}

            return names

        def notices(values: set[object]) -> dict[object, str]:
            ids = record_ids(values)
            rows = AbsenceNotice.objects.filter(pk__in=ids).select_related("member", "plan")
            return {n.pk: f"{n.member.full_name} · {n.plan}" for n in rows}

        def sizes(values: set[object]) -> dict[object, str]:
            return {v: f"{vn_int(v)} byte" for v in values if isinstance(v, int)}

        register_values(["meetings.meeting"], AuditValues(_("meeting"), named(Meeting)))
        register_values(
            ["meetings.meetingplan"], AuditValues(_("meeting plan"), named(MeetingPlan))
        )
        register_values(["meetings.absencenotice"], AuditValues(_("absence notice"), notices))
        register_values(["meetings.meetingdocument.size"], AuditValues(_("size"), sizes))
        register_values(["meetings.meetingdocument.uploaded_by"], AuditValues(_("uploaded by")))
        # ``document_attach`` keeps where the file is stored and its checksum: machinery
        register_hidden("meetings.meetingdocument", ["content_type", "sha256", "stored_as"])
        # derived from the attendance rows, whose own changes the log shows
        register_hidden("meetings.meeting", ["attendance_count", "present_count"])
