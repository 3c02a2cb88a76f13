"""Writes for members: the file, every lifecycle event through one ledger path, restructuring,
maintenance, the card register and badges.

One module per concern; this package re-exports the public services (and the names other
apps rely on) so callers keep importing ``dangvien.members.services``.
"""

from dangvien.members.rules import NATIONAL_ID
from dangvien.members.services.cards import badge_award, badge_verdict, party_card_record
from dangvien.members.services.ledger import CHANGE, TRANSFER
from dangvien.members.services.lifecycle import (
    event_guards,
    member_event_correct,
    member_event_void,
    member_exempt,
    member_exemption_end,
    member_expel,
    member_readmit,
    member_recognise,
    member_record_death,
    member_remove,
    member_resign,
    member_temporary_out,
    member_temporary_return,
    member_transfer,
    member_transfer_cancel,
    member_transfer_issue,
    member_transfer_receive,
)
from dangvien.members.services.maintenance import rebuild_member_periods
from dangvien.members.services.profile import (
    PROFILE_FIELDS,
    check_admission_age,
    member_admit,
    member_update_profile,
    profile_refusals,
    validate_profile,
)
from dangvien.members.services.restructuring import (
    pass_members_to_survivor,
    refuse_ending_with_members,
    register_organization_hooks,
)

__all__ = [
    "CHANGE",
    "NATIONAL_ID",
    "PROFILE_FIELDS",
    "TRANSFER",
    "badge_award",
    "badge_verdict",
    "check_admission_age",
    "event_guards",
    "member_admit",
    "member_event_correct",
    "member_event_void",
    "member_exempt",
    "member_exemption_end",
    "member_expel",
    "member_readmit",
    "member_recognise",
    "member_record_death",
    "member_remove",
    "member_resign",
    "member_temporary_out",
    "member_temporary_return",
    "member_transfer",
    "member_transfer_cancel",
    "member_transfer_issue",
    "member_transfer_receive",
    "member_update_profile",
    "party_card_record",
    "pass_members_to_survivor",
    "profile_refusals",
    "rebuild_member_periods",
    "refuse_ending_with_members",
    "register_organization_hooks",
    "validate_profile",
]
