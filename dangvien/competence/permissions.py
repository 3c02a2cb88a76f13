"""Acting for a body and authorising organizations (see ``accounts.roles``).

``DECIDE`` is stricter than a scoped action: the actor must hold a role granting it on the
deciding organization itself, because a decision is an act of that body (``acts_for``).
"""

from dangvien.accounts.permissions import Permission


class CompetencePermission(Permission):
    VIEW = "competence.view"
    DECIDE = "competence.decide"
    AUTHORISE = "competence.authorise"
