from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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
            StatisticsSection(meetings_figures, meetings_text, meetings_tables),
            order=50,
        )

        from dangvien.decisions.due import removal_triggers
        from dangvien.meetings.due import UNEXCUSED_TRIGGER

        removal_triggers.register("unexcused_months", UNEXCUSED_TRIGGER, order=20)

        from dangvien.interchange.sections import sections
        from dangvien.meetings.interchange import MeetingsSection

        sections.register("meetings", MeetingsSection(), order=50)
