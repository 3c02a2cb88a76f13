"""The id of the request being served, for grouping audit rows (NetBox-style ContextVar)."""

import uuid
from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")


def new_request_id() -> str:
    return uuid.uuid4().hex
