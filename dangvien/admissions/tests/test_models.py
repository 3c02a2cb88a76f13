"""Models of the admissions app."""

from __future__ import annotations

from dangvien.admissions.models import Candidate
from dangvien.members.models import PERSON_FIELDS, Member, PersonProfile


def test_a_candidate_has_a_members_person_fields_declared_once():
    # then: the same columns, so the ceremony carries a candidate's file over unchanged
    assert issubclass(Candidate, PersonProfile) and issubclass(Member, PersonProfile)
    assert PERSON_FIELDS[:4] == ["full_name", "other_names", "sex", "birth_date"]
    for name in PERSON_FIELDS:
        member_field = Member._meta.get_field(name)
        candidate_field = Candidate._meta.get_field(name)
        assert member_field.deconstruct()[1:] == candidate_field.deconstruct()[1:], name
