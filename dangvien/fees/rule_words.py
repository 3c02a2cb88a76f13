"""How the rulebook page reads the codes and numbers inside the fee rules' values
(``rules.wording``); registered in ``FeesConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from dangvien.fees.models import BasisKind
from dangvien.organizations.choices import OrganizationKind
from dangvien.rules.choices import Unit
from dangvien.rules.wording import RuleWords

#: The amounts the fee rules fix are in đồng (their unit is a plain count).
_DONG = RuleWords(numbers=pgettext_lazy("rule value", "%(n)s đồng"))

RULE_WORDS: dict[str, RuleWords] = {
    # a member's fee basis (``fee.rate_basis_points``, ``fee.exempt_basis_kinds``) as the
    # basis form names it
    "fee.*": RuleWords(dict(BasisKind.choices)),
    "fee.rate_basis_points": RuleWords(numbers=pgettext_lazy("rule value", "%(n)s basis points")),
    "fee.student_amount": _DONG,
    "fee.other_amount": _DONG,
    # the places in the tree of ``selectors.keep_role``, which has no labels of its own:
    # "above_grassroots" is each level above the grassroots here (the audit log reads it as
    # the competence level, the competent standing committee); "central" is the organization
    # of that kind
    "fee.keep_percent": RuleWords(
        {
            "cell_in_grassroots": pgettext_lazy(
                "rule value", "Cell or sub-committee inside a grassroots organization"
            ),
            "grassroots_commune": pgettext_lazy(
                "rule value",
                "Grassroots organization of a commune, ward, township or special zone",
            ),
            "grassroots_other": pgettext_lazy("rule value", "Other grassroots organization"),
            "above_grassroots": pgettext_lazy("rule value", "Each level above the grassroots"),
            OrganizationKind.CENTRAL.value: OrganizationKind.CENTRAL.label,
        },
        unit=Unit.PERCENT,
    ),
}
