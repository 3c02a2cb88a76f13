"""API error handling: a domain error becomes 400 with a code and a (Vietnamese) message; a
write that lost a race on a unique constraint (two creates of one member key, two terms of one
congress date) becomes 409 with a message saying so, never a 500."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from dangvien.core.exceptions import DomainError

#: What a selector could not find (``Http404("member")``), as a reader names it.
NOT_FOUND_LABELS = {
    "member": gettext_lazy("party member"),
    "organization": gettext_lazy("party organization"),
    "candidate": gettext_lazy("candidate for admission"),
    "proposal": gettext_lazy("proposal"),
    "report": gettext_lazy("period report"),
    "rule": gettext_lazy("rule"),
    "term": gettext_lazy("committee term"),
    "post": gettext_lazy("committee post"),
    "committee post": gettext_lazy("committee post"),
    "member event": gettext_lazy("entry of a member's history"),
    "member account": gettext_lazy("member's account"),
    "import job": gettext_lazy("import"),
    "step": gettext_lazy("admission step"),
}


def not_found_body(exc: Http404) -> dict[str, str]:
    """``{code, message, detail}`` in the reader's language, never an internal word alone."""
    what = str(exc.args[0]) if exc.args else ""
    label = NOT_FOUND_LABELS.get(what)
    message = (
        _("No %(what)s found here, or it is outside your scope.") % {"what": label}
        if label
        else _("Not found, or outside your scope.")
    )
    return {"code": "not_found", "message": message, "detail": message}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"code": exc.code, "message": str(exc.message)}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        return Response(not_found_body(exc), status=status.HTTP_404_NOT_FOUND)
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
    if isinstance(exc, PermissionDenied):
        return drf_exception_handler(exc, context)
    return drf_exception_handler(exc, context)
