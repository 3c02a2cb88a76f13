"""Base class of the API viewsets: thin entry points over scoped selectors and services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from dangvien.accounts.types import Actor
from dangvien.http.serializers import DetailSerializer, ErrorSerializer

READ_ERRORS = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT, description="Malformed query parameter: {parameter: [messages]}."
    ),
    401: OpenApiResponse(DetailSerializer, description="Not authenticated."),
    404: OpenApiResponse(DetailSerializer, description="Not found or outside the caller's scope."),
}
WRITE_ERRORS = {
    **READ_ERRORS,
    400: OpenApiResponse(
        ErrorSerializer,
        description="A domain rule refused the change ({code, message, field}); malformed input "
        "gives {field: [messages]} instead.",
    ),
    403: OpenApiResponse(DetailSerializer, description="The caller may see but not change it."),
}


class ScopedViewSetMixin:
    """Scoping for every API viewset (cf. NetBox ``BaseViewSet``).

    Reads never use a bare queryset: they go through the selectors, which start from what the
    caller may see (``scope_q``) and raise ``Http404`` out of scope. Writes call one service with
    ``request.user`` as actor; the service's ``require()`` gives 403, a ``DomainError`` 400.
    Subclasses set ``queryset`` to ``<Model>.objects.none()``: it only tells the schema
    generator the model of path parameters.
    """

    request: Any
    kwargs: dict[str, Any]
    filter_backends: list[Any] = []

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """A write request runs in one transaction: a failure anywhere in it (a refusal, a
        lost race, an unexpected error) leaves nothing committed, so a retry cannot create a
        second record."""
        if request.method in SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
            if response.status_code >= 400:
                # refused (a rule, a lost race, a permission): undo whatever ran before it
                transaction.set_rollback(True)
            return response

    @property
    def actor(self) -> Actor:
        return self.request.user  # type: ignore[no-any-return, unused-ignore]

    def paginated(
        self,
        items: Iterable[Any],
        serializer_class: type[serializers.BaseSerializer[Any]],
        **context: Any,
    ) -> Response:
        """One page of ``items`` (a queryset or list) serialized with ``serializer_class``."""
        page = self.paginate_queryset(items)  # type: ignore[attr-defined]
        data = serializer_class(page, many=True, context={"request": self.request, **context}).data
        return self.get_paginated_response(data)  # type: ignore[attr-defined]


class ScopedViewSet(ScopedViewSetMixin, viewsets.GenericViewSet[Any]):  # type: ignore[misc]
    """``GenericViewSet`` with the scoping helpers."""
