"""Structured logs: a JSON formatter and one log line per request (settings.LOGGING).

``DANGVIEN_LOG_FORMAT=json`` writes every record as one JSON object a line; the request line
(``DANGVIEN_REQUEST_LOG=true``) carries its fields under ``http``: method, route (the URL
pattern, not the path, so that no member's number or searched name reaches the logs), status,
duration in milliseconds, the request id of ``X-Request-ID`` and the user's id.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

request_logger = logging.getLogger("dangvien.request")


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, the
    ``http`` fields of a request line, the exception's traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        http = getattr(record, "http", None)
        if isinstance(http, dict):
            entry["http"] = http
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return "/" + str(match.route)
    static = "/" + str(settings.STATIC_URL).lstrip("/")
    # a static file (served by whitenoise before any URL is resolved): its path names no one
    return request.path if request.path.startswith(static) else "<unresolved>"


class RequestLogMiddleware:
    """Logs each request once it is answered (level INFO on ``dangvien.request``; nothing is
    built when that level is off)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_logger.isEnabledFor(logging.INFO):
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        # the user as far as the request looked it up (no session read just for the log)
        user = getattr(request, "_cached_user", None)
        fields = {
            "method": request.method,
            "route": _route(request),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "request_id": response.get("X-Request-ID", ""),
            "user_id": user.pk if user is not None and user.is_authenticated else None,
        }
        request_logger.info(
            "%s %s %s", fields["method"], fields["route"], fields["status"], extra={"http": fields}
        )
        return response
