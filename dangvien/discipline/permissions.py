"""What may be done with discipline files (sensitive: not granted to viewers).

``VIEW`` reads case and inspection files and ``CHANGE`` writes them: the inspection commission
(``Role.INSPECTION``) of the subtree and a cell secretary (their cell). ``COUNT`` sees only how
many cases and programmes there are (the organization staff). The staff of a body that a case
is addressed to (the competent body of its proposal or decision, the body an appeal is lodged
with, the body above an organization disciplined) read that case to decide it
(``selectors.readable_q``).
"""

from dangvien.accounts.permissions import Permission


class DisciplinePermission(Permission):
    VIEW = "discipline.view"
    CHANGE = "discipline.change"
    COUNT = "discipline.count"
