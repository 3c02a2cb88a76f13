"""What the steps of the demonstration data set share (``dangvien demo``).

Each app contributes a ``DemoStep`` (``core.registry.demo_steps``, filled in its
``AppConfig.ready()``); ``dangvien.demo`` runs them in order with one ``DemoContext``: the
recording actor, one random stream (the data set is deterministic), what earlier steps made
(``made``) and the figures the command prints (``summary``). A step that founds organizations
calls ``context.founded(organization, Founding(...))`` so that the apps that staff a new
organization (its committee and term) do it at that moment, as a user recording the history
would, and from the same random stream.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from dangvien.core.registry import demo_steps

ActorT = TypeVar("ActorT")

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Hoàng",
    "Võ",
    "Phan",
    "Trương",
    "Bùi",
    "Đặng",
    "Đỗ",
    "Ngô",
    "Hồ",
    "Dương",
    "Lý",
]
MIDDLE_M = ["Văn", "Hữu", "Minh", "Thanh", "Quốc", "Công", "Đức"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khang",
    "Lâm",
    "Long",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Trung",
    "Tuấn",
    "Vinh",
    "Hoa",
    "Lan",
    "Mai",
    "Hương",
    "Thảo",
    "Trang",
    "Yến",
    "Hạnh",
    "Nhung",
    "Loan",
    "Phượng",
    "Diễm",
]


@dataclass(frozen=True)
class Founding:
    """How an organization of the demo is set up when it is founded: its leadership from
    ``leadership_from`` (a cell's is smaller) and, with ``congress_on``, a term from that
    congress. ``until``: the day the organization will end (merged or split later in the
    history); nothing set up may start on or after it (the end itself closes what runs)."""

    leadership_from: date
    cell: bool = False
    congress_on: date | None = None
    until: date | None = None


@dataclass
class DemoContext(Generic[ActorT]):
    """The state the demo's steps share (``ActorT``: the ``accounts`` actor)."""

    actor: ActorT
    random: random.Random
    made: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, int] = field(default_factory=dict)

    def person(self) -> str:
        """A Vietnamese full name drawn from the demo's random stream."""
        female = self.random.random() < 0.4
        middle = self.random.choice(MIDDLE_F if female else MIDDLE_M)
        return f"{self.random.choice(FAMILY)} {middle} {self.random.choice(GIVEN)}"

    def founded(self, organization: Any, founding: Founding) -> None:
        """Tell the steps that set up new organizations (``DemoStep.founded``), in order."""
        for step in demo_steps:
            if step.founded is not None:
                step.founded(self, organization, founding)
