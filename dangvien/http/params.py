"""Query-string input shared by API views: parsed and validated through serializers.

The same serializers are given to ``extend_schema(parameters=[…])`` so the OpenAPI document
describes exactly the parameters the views read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.request import Request

from dangvien.core.dates import today


class AsOfQuerySerializer(serializers.Serializer[Any]):
    as_of = serializers.DateField(
        required=False,
        help_text=_("Date (YYYY-MM-DD) at the end of which the state is read; default today."),
    )


def query_params(
    request: Request, serializer_class: type[serializers.Serializer[Any]]
) -> dict[str, Any]:
    """Validate the query string with ``serializer_class`` (400 on bad input)."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def as_of(request: Request) -> date:
    """The ``as_of`` query parameter, or today."""
    return query_params(request, AsOfQuerySerializer).get("as_of") or today()


# The largest id a database column holds (64-bit signed); larger numbers name nothing.
MAX_ID = 2**63 - 1


def path_id(value: object) -> int:
    """An id read from the URL path (``/api/<things>/<id>/``): anything that is not a number a
    database id can be (letters, ``10**20``) names no object, hence 404, never a 500."""
    text = str(value)
    if not text.isascii() or not text.isdigit() or int(text) > MAX_ID:
        raise Http404
    return int(text)
