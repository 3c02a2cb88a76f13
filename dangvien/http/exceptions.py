"""API error handling: a domain error becomes 400 with a code and a (Vietnamese) message; a
write that lost a race on a unique constraint (two creates of one member key, two terms of one
congress date) becomes 409 with a message saying so, never a 500."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from dangvien.core.exceptions import DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"code": exc.code, "message": str(exc.message)}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        # the service's checks passed, but a concurrent write committed the same value first;
        # the request's transaction is rolled back (``ScopedViewSetMixin.dispatch``)
        return Response(
            {
                "code": "conflict",
                "message": _(
                    "Someone else recorded the same thing at the same moment; nothing was "
                    "saved. Reload the page and check before trying again."
                ),
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, PermissionDenied | Http404):
        return drf_exception_handler(exc, context)
    return drf_exception_handler(exc, context)
