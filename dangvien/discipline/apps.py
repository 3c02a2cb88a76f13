from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisciplineConfig(AppConfig):
    """Discipline of members and organizations (Quy định 296-QĐ/TW, 69-QĐ/TW): cases, the
    proposal and decision of the competent body, the effects through the owning services."""

    name = "dangvien.discipline"
    label = "discipline"
    verbose_name = _("Discipline")

    def ready(self) -> None:
        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant
        from dangvien.discipline.permissions import DisciplinePermission

        # sensitive files: the staff and the cell secretaries of the subtree, not the viewers
        grant(Role.STAFF, DisciplinePermission.VIEW, DisciplinePermission.CHANGE)
        grant(Role.CELL_SECRETARY, DisciplinePermission.VIEW, DisciplinePermission.CHANGE)

        from dangvien.discipline.seed import DISCIPLINE_RULES
        from dangvien.rules.seed import rule_seeds

        rule_seeds.register("discipline", DISCIPLINE_RULES)

        from dangvien.discipline.statistics import DISCIPLINE_STATISTICS
        from dangvien.statistics.sections import statistics_sections

        statistics_sections.register("discipline", DISCIPLINE_STATISTICS, order=70)

        from dangvien.discipline.interchange import DisciplineSection
        from dangvien.interchange.sections import sections

        sections.register("discipline", DisciplineSection(), order=70)
