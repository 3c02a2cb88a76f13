"""The rules the organizations app reads (typed accessors of the rulebook)."""

from dangvien.rules.keys import StrListMapRule

ALLOWED_PARENT_KINDS = StrListMapRule("organization.allowed_parent_kinds")
