"""The registries apps fill in ``AppConfig.ready()``: order, conflicts, hidden panels."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import RequestFactory

from dangvien.core.registry import Registry, RegistryError
from dangvien.http.registry import Panel, PanelContext, member_panels, shown_panels


def test_entries_come_in_their_order_then_in_the_order_registered():
    # given
    registry: Registry[str] = Registry("test")
    registry.register("late", "c", order=30)
    registry.register("first", "a", order=10)
    registry.register("second", "b", order=10)

    # then
    assert list(registry) == ["a", "b", "c"]
    assert registry.keys() == ["first", "second", "late"]


def test_a_second_entry_under_one_key_is_refused_unless_it_is_the_same():
    # given
    registry: Registry[str] = Registry("test")
    registry.register("key", "a")

    # when
    registry.register("key", "a")

    # then
    with pytest.raises(RegistryError):
        registry.register("key", "b")
    assert registry["key"] == "a"


def test_a_panel_whose_context_is_none_is_not_shown():
    # given
    registry: Registry[Panel] = Registry("test panels")
    registry.register("shown", Panel("a.html", lambda page: {"day": page.on}), order=2)
    registry.register("hidden", Panel("b.html", lambda page: None), order=1)
    page = PanelContext(
        request=RequestFactory().get("/"), actor=None, subject=None, on=date(2026, 1, 1)
    )

    # when
    shown = shown_panels(registry, page)

    # then
    assert [(p.key, p.template, p.context) for p in shown] == [
        ("shown", "a.html", {"day": date(2026, 1, 1)})
    ]


def test_the_member_page_shows_what_the_apps_registered():
    # then: the member page names no other app; admissions, decisions and committees plug in
    registered = member_panels.keys()
    expected = ["admission_files", "decisions", "committee_posts"]
    assert [key for key in registered if key in expected] == expected
    # the party-life areas too (meetings, assessment, discipline, fees)
    assert len(registered) > len(expected)
