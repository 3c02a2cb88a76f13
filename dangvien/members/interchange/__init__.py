"""The members' section of a bundle (see ``section.py``), split by concern: reading the events
(``events``), the organizations as the checks see them (``timelines``), checking rows
(``checking``) and the bulk load (``loader``); the writing is ``members.services.bulk``."""

from dangvien.members.interchange.section import MembersSection

__all__ = ["MembersSection"]
