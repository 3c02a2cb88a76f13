"""What may be done with proposals (see ``accounts.roles``); deciding is an act of a body
(``competence.selectors.acts_for``)."""

from dangvien.accounts.permissions import Permission


class DecisionPermission(Permission):
    VIEW = "decisions.view"
    PROPOSE = "decisions.propose"
