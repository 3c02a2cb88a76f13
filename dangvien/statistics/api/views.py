"""``GET /api/statistics/{code}/``: the statistics of §3 as JSON, or the Vietnamese summary."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dangvien.core.dates import today
from dangvien.core.exceptions import ValidationFailed
from dangvien.http.params import query_params
from dangvien.http.serializers import ErrorSerializer
from dangvien.http.viewsets import READ_ERRORS
from dangvien.organizations.selectors import organization_get
from dangvien.statistics.api.serializers import (
    StatisticsCountingSerializer,
    StatisticsQuerySerializer,
    StatisticsSerializer,
    StatisticsTextSerializer,
)
from dangvien.statistics.background import Counting, queued_or_kept
from dangvien.statistics.history import statistics_at
from dangvien.statistics.narrative import statistics_text

EXAMPLE = {
    "organization": {
        "code": "HU-TM",
        "name": "Đảng bộ huyện Tháp Mười",
        "kind": "upper_grassroots",
    },
    "as_of": "2022-04-30",
    "direct_subordinates": {"total": 38, "grassroots": 38, "upper_grassroots": 0, "other": 0},
    "grassroots": {
        "total": 38,
        "committees": 28,
        "cells": 10,
        "territorial_committees": 13,
        "by_sector": {"agency": 15, "commune": 12, "public_service": 10, "township": 1},
    },
    "sub_committees": 0,
    "cells": 226,
    "organizations_without_secretary": 0,
    "members": {
        "total": 4541,
        "official": 4400,
        "probationary": 141,
        "female": 1500,
        "exempted": 120,
        "temporarily_away": 12,
        "in_transit": 0,
    },
    "population": 131623,
    "members_per_population_percent": 3.45,
    "admissions": {"from": "2020-07-01", "to": "2022-04-30", "count": 126},
    "admission_target": {
        "period_from": "2020-07-01",
        "period_to": "2025-06-30",
        "admissions": 570,
        "percent_achieved": 22.11,
        "members_per_population_percent": 3.85,
    },
}


#: What a 202 (a large subtree counted in the background) or a 503 (its counting failed)
#: tells the client to wait.
RETRY_AFTER_SECONDS = 5


class JSONOnlyNegotiation(BaseContentNegotiation):
    """Always JSON: ``?format=`` selects the content (figures or text), not a renderer."""

    def select_parser(self, request: Any, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type


class StatisticsView(APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnlyNegotiation

    @extend_schema(
        operation_id="statistics_retrieve",
        summary="Statistics of a subtree at a date",
        description=(
            "The statistics of §3 of the interchange contract for the subtree rooted at "
            "`code` as it stood at the end of `as_of`. With `format=text`, the Vietnamese "
            'summary instead, as `{"text": …}`. 404 when the organization is unknown or out '
            "of the caller's scope; 400 for a malformed date or when the organization did not "
            "exist that day (for a day before its founding by a merge the error body adds "
            "`predecessors`; `combined=true` gives their combined figures instead, with "
            "`combined_from`). 202 with `Retry-After` while a province's or the whole tree's "
            "first counting of that day runs in the background worker (a minute or more at "
            "national size): the part being counted, then 200 once the figures are kept; 503 "
            "with `Retry-After` when that counting failed (code `counting_failed`: asking again "
            "queues it again)."
        ),
        tags=["statistics"],
        parameters=[StatisticsQuerySerializer],
        responses={
            200: OpenApiResponse(
                PolymorphicProxySerializer(
                    component_name="StatisticsOrText",
                    serializers=[StatisticsSerializer, StatisticsTextSerializer],
                    resource_type_field_name=None,
                ),
                description="The figures (format=json) or the summary (format=text).",
                examples=[
                    OpenApiExample("Tháp Mười, 30/04/2022", value=EXAMPLE),
                    OpenApiExample(
                        "format=text",
                        value={"text": "Đảng bộ huyện Tháp Mười hiện có 38 chi bộ, đảng bộ …"},
                    ),
                ],
            ),
            202: OpenApiResponse(
                StatisticsCountingSerializer,
                description="Being counted in the background; ask again after Retry-After.",
            ),
            **READ_ERRORS,
            503: OpenApiResponse(
                ErrorSerializer,
                description=(
                    "The counting in the background failed (code `counting_failed`); ask again "
                    "after Retry-After to count again."
                ),
            ),
        },
    )
    def get(self, request: Request, code: str) -> Response:
        params = query_params(request, StatisticsQuerySerializer)
        organization = organization_get(actor=request.user, code=code)
        on = params.get("as_of") or today()
        combined = bool(params.get("combined"))
        try:
            counting = queued_or_kept("statistics", organization, on, combined=combined)
            if isinstance(counting, Counting):
                # a large subtree's first counting: in the background worker, asked again
                return Response(
                    {
                        "message": _("The figures are being counted; ask again in a few seconds."),
                        "part": counting.part,
                        "title": str(counting.title),
                        "step": counting.step,
                        "steps": counting.steps,
                        "waited_seconds": counting.waited(),
                    },
                    status=202,
                    headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                )
            # counted in the background while the data changed: those figures, once
            stats = (
                counting.value
                if counting is not None
                else statistics_at(organization, on, combined=combined)
            )
        except ValidationFailed as error:
            # the body of every domain error, plus the predecessors of an organization asked
            # for a day before its founding (where their figures are)
            body: dict[str, Any] = {"code": error.code, "message": str(error.message)}
            if error.field:
                body["field"] = error.field
            if error.params.get("predecessors"):
                body["predecessors"] = error.params["predecessors"]
            if error.code == "counting_failed":
                # the server's failure, not the request's: the next asking counts again
                return Response(body, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
            return Response(body, status=400)
        if params.get("format") == "text":
            return Response({"text": statistics_text(stats)})
        return Response(stats)
