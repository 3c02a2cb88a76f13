"""``dangvien demo``: run the steps the apps registered (``core.registry.demo_steps``).

The demo app names no other app here: the tree (organizations), the committees, the members
and the demo's accounts each come as a step of the app that owns their rows. One recording
actor (a system administrator) and one random stream make the data set the same every time.
"""

from __future__ import annotations

import random
from typing import Any

from dangvien.accounts.models import User
from dangvien.core.demo import DemoContext
from dangvien.core.registry import demo_steps

DEMO_PASSWORD = "dangvien-demo"  # noqa: S105 - printed by `make demo`, for the local demo only
SEED = 2025


def ensure_admin() -> User:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser(
            "admin", "admin@dangvien.local", DEMO_PASSWORD, full_name="Quản trị hệ thống"
        )
    return admin


def demo_present() -> dict[str, Any] | None:
    """The summary of the data set the first step that can tell finds loaded, else ``None``."""
    for step in demo_steps:
        present = step.present() if step.present is not None else None
        if present is not None:
            return present
    return None


def load_demo() -> dict[str, Any]:
    """Load the data set unless it is there already; returns a short summary."""
    admin = ensure_admin()
    present = demo_present()
    if present is not None:
        return {"created": False, **present}
    context = DemoContext(admin, random.Random(SEED))
    for step in demo_steps:
        if step.build is not None:
            step.build(context)
    return {"created": True, **context.summary}
