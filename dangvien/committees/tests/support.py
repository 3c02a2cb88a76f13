"""An official member to hold committee posts in tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from dangvien.core.decisions import Decision
from dangvien.members.models import Member
from dangvien.members.services import member_admit, member_recognise


def official_member(actor: Any, organization: Any, key: str, name: str = "Lê Văn Cường") -> Member:
    """A member admitted in 2015 and official since 2016 (``key`` is the member key)."""
    member = member_admit(
        actor=actor,
        organization=organization,
        admitted_on=date(2015, 3, 1),
        decision=Decision("1-QĐ/ĐU", date(2015, 2, 20), "Đảng ủy xã"),
        profile={"full_name": name, "sex": "M", "birth_date": date(1980, 1, 1)},
        member_key=key,
    )
    member_recognise(
        actor=actor, member=member, decision=Decision("2-QĐ/ĐU", date(2016, 3, 1), "Đảng ủy xã")
    )
    return member
