"""The member keys (mã đảng viên) the system makes itself: "DV" and eight digits, so that
every key it makes has the same length (the demo's keys too). Keys given by an import are kept
as they are."""

from __future__ import annotations

from django.db.models import Max

from dangvien.members.models import Member

PREFIX = "DV"
DIGITS = 8


def member_key_for(number: int) -> str:
    """The key of the given number: ``DV00001234``."""
    return f"{PREFIX}{number:0{DIGITS}d}"


def next_member_key(number: int) -> str:
    """``member_key_for(number)`` unless an imported member already holds it; then the key
    after the highest one of the same form (same length, so the text order is the number's)."""
    key = member_key_for(number)
    if not Member.objects.filter(member_key=key).exists():
        return key
    pattern = rf"^{PREFIX}[0-9]{{{DIGITS}}}$"
    highest = Member.objects.filter(member_key__regex=pattern).aggregate(top=Max("member_key"))
    return member_key_for(int(highest["top"][len(PREFIX) :]) + 1)
