"""Domain errors: carry a stable code and a translated message for UI and API."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain refused an action; nothing was written.

    ``code`` is a stable machine-readable identifier, ``message`` a (lazily) translated sentence,
    ``field`` optionally names the input field the UI should show the message next to.
    """

    default_code = "domain_error"

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        field: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.message = message
        self.code = code or self.default_code
        self.field = field
        self.params = params or {}
        super().__init__(str(message))

    def __str__(self) -> str:
        return str(self.message)


class ValidationFailed(DomainError):
    default_code = "invalid"


class TransitionError(DomainError):
    default_code = "transition_not_allowed"
