"""Organization API: scoped reads at any date, and one action per service."""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangvien.core.dates import today
from dangvien.http.params import AsOfQuerySerializer, as_of, query_params
from dangvien.http.serializers import decision_from
from dangvien.http.viewsets import READ_ERRORS, WRITE_ERRORS, ScopedViewSet
from dangvien.organizations import services
from dangvien.organizations.api.serializers import (
    DissolveInputSerializer,
    MergeInputSerializer,
    MoveInputSerializer,
    OrganizationCreateInputSerializer,
    OrganizationDetailSerializer,
    OrganizationHistorySerializer,
    OrganizationListQuerySerializer,
    OrganizationStateSerializer,
    ReclassifyInputSerializer,
    RenameInputSerializer,
    SplitInputSerializer,
    SplitResultSerializer,
    TreeNodeSerializer,
    TreeQuerySerializer,
)
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import (
    organization_ancestors,
    organization_changes,
    organization_children,
    organization_get,
    organization_state,
    organization_states,
    organization_tree,
    organization_versions,
)


def _detail(organization: Organization, on: date) -> dict[str, Any]:
    merged_into = organization.merged_into.code if organization.merged_into_id else None  # type: ignore[union-attr]
    return {
        "code": organization.code,
        "established_on": organization.established_on,
        "dissolved_on": organization.dissolved_on,
        "merged_into": merged_into,
        "as_of": on,
        "state": organization_state(organization, on=on),
        "ancestors": organization_ancestors(organization, on=on),
    }


def _action_schema(
    request: type, summary: str, response: Any = OrganizationDetailSerializer
) -> Any:
    return extend_schema(
        summary=summary,
        request=request,
        responses={200: response, **WRITE_ERRORS},
    )


@extend_schema_view(
    list=extend_schema(
        summary="Organizations existing on a date",
        parameters=[OrganizationListQuerySerializer],
        responses={200: OrganizationStateSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="An organization: identity, state on a date, ancestors",
        parameters=[AsOfQuerySerializer],
        responses={200: OrganizationDetailSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Found an organization",
        request=OrganizationCreateInputSerializer,
        responses={201: OrganizationDetailSerializer, **WRITE_ERRORS},
    ),
)
class OrganizationViewSet(ScopedViewSet):
    """Party organizations by ``code``; every read is "as of" a date (default today)."""

    queryset = Organization.objects.none()

    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    def list(self, request: Request) -> Response:
        params = query_params(request, OrganizationListQuerySerializer)
        root = (
            organization_get(actor=self.actor, code=params["root"]) if params.get("root") else None
        )
        states = organization_states(
            actor=self.actor,
            on=params.get("as_of") or today(),
            root=root,
            search=params.get("search", ""),
            kinds=sorted(params.get("kind") or []),
        )
        return self.paginated(states, OrganizationStateSerializer)

    def retrieve(self, request: Request, code: str) -> Response:
        organization = organization_get(actor=self.actor, code=self.kwargs["code"])
        return Response(OrganizationDetailSerializer(_detail(organization, as_of(request))).data)

    def create(self, request: Request) -> Response:
        data = self._input(OrganizationCreateInputSerializer)
        parent = organization_get(actor=self.actor, code=data["parent"]) if data["parent"] else None
        organization = services.organization_create(
            actor=self.actor,
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            sector=data["sector"],
            parent=parent,
            established_on=data["established_on"],
            decision=decision_from(data.get("decision")),
            note=data["note"],
        )
        body = OrganizationDetailSerializer(_detail(organization, data["established_on"])).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="History: the change ledger and the dated states",
        responses={200: OrganizationHistorySerializer, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"])
    def history(self, request: Request, code: str) -> Response:
        organization = organization_get(actor=self.actor, code=self.kwargs["code"])
        body = {
            "code": organization.code,
            "changes": organization_changes(actor=self.actor, organization=organization),
            "versions": organization_versions(organization),
        }
        return Response(OrganizationHistorySerializer(body).data)

    @extend_schema(
        summary="The tree on a date, nested",
        parameters=[TreeQuerySerializer],
        responses={200: TreeNodeSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def tree(self, request: Request) -> Response:
        params = query_params(request, TreeQuerySerializer)
        root = (
            organization_get(actor=self.actor, code=params["root"]) if params.get("root") else None
        )
        roots = organization_tree(actor=self.actor, on=params.get("as_of") or today(), root=root)
        return Response(TreeNodeSerializer(roots, many=True).data)

    @extend_schema(
        summary="Direct sub-organizations on a date",
        parameters=[AsOfQuerySerializer],
        responses={200: OrganizationStateSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"])
    def children(self, request: Request, code: str) -> Response:
        organization = organization_get(actor=self.actor, code=self.kwargs["code"])
        states = organization_children(organization, on=as_of(request), actor=self.actor)
        return self.paginated(states.select_related("parent"), OrganizationStateSerializer)

    #
    # Changes: each calls exactly one service and returns the organization's state
    #

    def _input(self, serializer_class: type) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _changed(self, organization: Organization, on: date) -> Response:
        organization.refresh_from_db()
        return Response(OrganizationDetailSerializer(_detail(organization, on)).data)

    @_action_schema(RenameInputSerializer, "Rename from a date")
    @action(detail=True, methods=["post"])
    def rename(self, request: Request, code: str) -> Response:
        organization = organization_get(actor=self.actor, code=self.kwargs["code"])
        data = self._input(RenameInputSerializer)
        services.organization_rename(
            actor=self.actor,
            organization=organization,
            name=data["name"],
            effective_on=data["effective_on"],
            decision=decision_from(data.get("decision")),
            note=data["note"],
        )
        return self._changed(organization, data["effective_on"])

    @_action_schema(ReclassifyInputSerializer, "Change the kind (and sector) from a date")
    @action(detail=True, methods=["post"])
    def reclassify(self, request: Request, code: str) -> Response:
        organization = organization_get(actor=self.actor, code=self.kwargs["code"])
        data = self._input(ReclassifyInputSerializer)
        services.organization_reclassify(
            actor=self.actor,
            organization=organization,
            kind=data["kind"],
            sector=data["sector"],
            child_kinds=data["child_kinds"] or None,
            child_sectors=data["child_sectors"] or None,
            effective_on=data["effective_on"],
            decision=decision_from(data.get("decision")),
            note=data["note"],
        )
        return self._changed(organization, data["effective_on"])

    @_action_schema(MoveInputSerializer, "Move under another parent from a date")
    @action(detail=True, methods=["post"])
    def move(self, request: Request, code: str) -> Response:
        organization = organization_get(actor=self.actor, code=self.kwargs["code"])
        data = self._input(MoveInputSerializer)
        new_parent = organization_get(actor=self.actor, code=data["parent"])
        services.organization_move(
            actor=self.actor,
            organization=organization,
            new_parent=new_parent,
            effective_on=data["effective_on"],
            decision=decision_from(data.get("decision")),
            note=data["note"],
        )
        return self._changed(organization, data["effective_on"])

    @_action_schema(MergeInputSerializer, "Merge other organizations into this one")
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, code: str) -> Response:
        survivor = organization_get(actor=self.actor, code=self.kwargs["code"])
        data = self._input(MergeInputSerializer)
        absorbed = [
            organization_get(actor=self.actor, code=c) for c in dict.fromkeys(data["absorbed"])
        ]
        services.organization_merge(
            actor=self.actor,
            absorbed=absorbed,
            survivor=survivor,
            effective_on=data["effective_on"],
            decision=decision_from(data.get("decision")),
            note=data["note"],
        )
        return self._changed(survivor, data["effective_on"])

    @_action_schema(SplitInputSerializer, "Split into several organizations", SplitResultSerializer)
    @action(detail=True, methods=["post"])
    def split(self, request: Request, code: str) -> Response:
        organization = organization_get(actor=self.actor, code=self.kwargs["code"])
        data = self._input(SplitInputSerializer)
        parts = [
            services.SplitPart(
                code=part["code"],
                name=part["name"],
                kind=part["kind"],
                sector=part["sector"],
                children=[organization_get(actor=self.actor, code=c) for c in part["children"]],
            )
            for part in data["parts"]
        ]
        created = services.organization_split(
            actor=self.actor,
            organization=organization,
            effective_on=data["effective_on"],
            parts=parts,
            decision=decision_from(data.get("decision")),
            note=data["note"],
        )
        organization.refresh_from_db()
        on = data["effective_on"]
        body = {
            "organization": _detail(organization, on),
            "parts": [_detail(new, on) for new in created],
        }
        return Response(SplitResultSerializer(body).data)

    @_action_schema(DissolveInputSerializer, "Dissolve on a date")
    @action(detail=True, methods=["post"])
    def dissolve(self, request: Request, code: str) -> Response:
        organization = organization_get(actor=self.actor, code=self.kwargs["code"])
        data = self._input(DissolveInputSerializer)
        services.organization_dissolve(
            actor=self.actor,
            organization=organization,
            effective_on=data["effective_on"],
            decision=decision_from(data.get("decision")),
            note=data["note"],
        )
        return self._changed(organization, data["effective_on"])
