"""Sections of the member's portal, contributed by the apps (meetings, fees, assessment …) in
their ``AppConfig.ready()``. A section is a panel whose subject is the member themself; its
context function must read only that member's own records and their cell's."""

from __future__ import annotations

from dangvien.core.registry import Registry
from dangvien.http.registry import Panel

portal_sections: Registry[Panel] = Registry("portal sections")
