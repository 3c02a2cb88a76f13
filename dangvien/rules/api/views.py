"""Rulebook API: read-only, for every authenticated user (the rulebook is not scoped)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangvien.http.params import query_params
from dangvien.http.viewsets import READ_ERRORS, ScopedViewSet
from dangvien.rules.api.serializers import RuleListQuerySerializer, RuleParameterSerializer
from dangvien.rules.models import RuleParameter
from dangvien.rules.selectors import rule_history, rule_list


@extend_schema_view(
    list=extend_schema(
        summary="Rule versions: all, or those in force on a date",
        parameters=[RuleListQuerySerializer],
        responses={200: RuleParameterSerializer(many=True), **READ_ERRORS},
    ),
)
class RuleViewSet(ScopedViewSet):
    """``/rules/``: effective-dated rule parameters, by ``key``."""

    queryset = RuleParameter.objects.none()
    lookup_field = "key"
    lookup_value_regex = r"[^/]+"

    def list(self, request: Request) -> Response:
        params = query_params(request, RuleListQuerySerializer)
        rules = rule_list(on=params.get("as_of"), search=params.get("search", ""))
        return self.paginated(rules, RuleParameterSerializer)

    @extend_schema(
        summary="Every version of one rule, oldest first",
        parameters=[
            OpenApiParameter(
                "key",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Rule key, e.g. term.grassroots_months.",
            )
        ],
        responses={200: RuleParameterSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, key: str) -> Response:
        versions = list(rule_history(key))
        if not versions:
            raise Http404("rule")
        return Response(RuleParameterSerializer(versions, many=True).data)
