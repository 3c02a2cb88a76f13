"""``dangvien demo`` runs the steps the apps registered: in order, once, telling the steps that
set up new organizations when one is founded."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.core import demo as core_demo
from dangvien.core.demo import Founding
from dangvien.core.registry import DemoStep, Registry, demo_steps
from dangvien.demo import runner

pytestmark = pytest.mark.django_db


def test_the_apps_register_the_tree_the_committees_the_members_and_the_accounts():
    # then: in this order (other apps' steps may come between)
    expected = ["tree", "committees", "members", "holders", "accounts", "decisions"]
    keys = demo_steps.keys()  # a Registry iterates over its values, hence keys()
    assert [key for key in keys if key in expected] == expected


@pytest.fixture
def steps(monkeypatch) -> Registry[DemoStep]:
    registry: Registry[DemoStep] = Registry("test demo steps")
    monkeypatch.setattr(runner, "demo_steps", registry)
    monkeypatch.setattr(core_demo, "demo_steps", registry)
    return registry


def test_steps_run_in_order_and_hear_of_each_organization_founded(steps):
    # given: a step founding two organizations, one setting them up, one reading later
    log: list[str] = []

    def found(context):
        for name in ("A", "B"):
            log.append(f"found {name}")
            context.founded(name, Founding(date(2020, 1, 1), cell=name == "B"))
        context.summary["organizations"] = 2

    steps.register("later", DemoStep("later", build=lambda c: log.append("later")), order=30)
    steps.register("tree", DemoStep("tree", build=found), order=10)
    steps.register(
        "setup",
        DemoStep("setup", founded=lambda c, o, f: log.append(f"set up {o} cell={f.cell}")),
        order=20,
    )

    # when
    summary = runner.load_demo()

    # then
    assert log == ["found A", "set up A cell=False", "found B", "set up B cell=True", "later"]
    assert summary == {"created": True, "organizations": 2}


def test_nothing_runs_when_a_step_says_its_data_is_there(steps):
    # given
    log: list[str] = []
    steps.register(
        "tree",
        DemoStep("tree", build=lambda c: log.append("tree"), present=lambda: {"organizations": 7}),
    )

    # when
    summary = runner.load_demo()

    # then
    assert log == []
    assert summary == {"created": False, "organizations": 7}
