"""Which actions each role allows. Kept in code so that changes go through review.

Actions are ``"<app>.<verb>"`` strings. A role acts on the subtree of the organization it is
granted on. Superusers (system administrators) may do everything everywhere.
"""

from dangvien.accounts.choices import Role

VIEW_ACTIONS = frozenset(
    {
        "organizations.view",
        "committees.view",
        "members.view",
        "targets.view",
        "statistics.view",
        "admissions.view",
        "reports.view",
        "audit.view",
    }
)

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: VIEW_ACTIONS,
    Role.CELL_SECRETARY: VIEW_ACTIONS
    | {"committees.change", "members.change", "admissions.change"},
    Role.STAFF: VIEW_ACTIONS
    | {
        "organizations.change",
        "committees.change",
        "members.change",
        "members.transfer",
        "targets.change",
        "interchange.import",
        "admissions.change",
        "admissions.decide",
        "reports.change",
        "reports.approve",
        "accounts.manage",
    },
}

ALL_ACTIONS = frozenset().union(*ROLE_ACTIONS.values())


def roles_allowing(action: str) -> list[str]:
    """The roles whose action set contains ``action``."""
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]
