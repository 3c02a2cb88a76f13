"""What may be done with proposals and decisions (see ``accounts.roles``).

``PROPOSE`` is scoped like every action (the proposing organization lies in the actor's
subtree). ``DECIDE`` is stricter: the actor must hold a role granting it on the deciding
organization itself, because a decision is an act of that body (``selectors.acts_for``).
"""

from dangvien.accounts.permissions import Permission


class DecisionPermission(Permission):
    VIEW = "decisions.view"
    PROPOSE = "decisions.propose"
    DECIDE = "decisions.decide"
    AUTHORISE = "decisions.authorise"
