"""The type of whoever acts: a logged-in user, or the anonymous visitor (who may do nothing)."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from dangvien.accounts.models import User

Actor: TypeAlias = User | AnonymousUser
