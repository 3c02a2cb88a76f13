"""Committee API: terms and posts of an organization, and organizations without a secretary."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangvien.accounts.types import Actor
from dangvien.committees import services
from dangvien.committees.api.serializers import (
    CommitteePostSerializer,
    OrganizationWithoutSecretarySerializer,
    PostAssignInputSerializer,
    PostEndInputSerializer,
    TermCreateInputSerializer,
    TermSerializer,
    WithoutSecretaryQuerySerializer,
)
from dangvien.committees.models import CommitteePost, Term
from dangvien.committees.selectors import (
    committee_at,
    committee_post_get,
    committee_posts,
    organizations_without_secretary,
    term_get,
    term_list,
)
from dangvien.core.dates import today
from dangvien.core.exceptions import ValidationFailed
from dangvien.http.params import AsOfQuerySerializer, query_params
from dangvien.http.viewsets import READ_ERRORS, WRITE_ERRORS, ScopedViewSet
from dangvien.members.models import Member
from dangvien.members.selectors import member_get, member_queryset
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_get

ORG_CODE = OpenApiParameter(
    "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Code of the party organization."
)


def _input(request: Request, serializer_class: type) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema(parameters=[ORG_CODE])
@extend_schema_view(
    list=extend_schema(
        summary="Terms of an organization",
        responses={200: TermSerializer(many=True), **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Open a term at a congress",
        request=TermCreateInputSerializer,
        responses={201: TermSerializer, **WRITE_ERRORS},
    ),
)
class TermViewSet(ScopedViewSet):
    """``/organizations/{code}/terms/``: the congress terms of one organization."""

    queryset = Term.objects.none()

    def list(self, request: Request, code: str) -> Response:
        organization = organization_get(actor=self.actor, code=self.kwargs["code"])
        terms = term_list(actor=self.actor, organization=organization).select_related(
            "organization"
        )
        return self.paginated(terms, TermSerializer)

    def create(self, request: Request, code: str) -> Response:
        organization = organization_get(actor=self.actor, code=self.kwargs["code"])
        data = _input(request, TermCreateInputSerializer)
        term = services.term_create(
            actor=self.actor,
            organization=organization,
            congress_on=data["congress_on"],
            name=data["name"],
            note=data["note"],
        )
        return Response(TermSerializer(term).data, status=status.HTTP_201_CREATED)


def _holder(actor: Actor, pk: int | None, key: str) -> Member:
    """The member the request names (by id, else by key) among those the caller may see."""
    if pk is not None:
        return member_get(actor=actor, pk=pk)
    member = member_queryset(actor).filter(member_key=key).first() if key else None
    if member is None:
        raise ValidationFailed(
            _("Name the member holding the post (member or person_key)."),
            code="holder_required",
            field="member",
        )
    return member


@extend_schema(parameters=[ORG_CODE])
@extend_schema_view(
    list=extend_schema(
        summary="Committee posts: all ever held, or the committee on a date",
        parameters=[AsOfQuerySerializer],
        description="Without ``as_of``: every post ever held, newest first. With ``as_of``: the "
        "committee at the end of that day, secretary first.",
        responses={200: CommitteePostSerializer(many=True), **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Assign a post",
        request=PostAssignInputSerializer,
        responses={201: CommitteePostSerializer, **WRITE_ERRORS},
    ),
)
class CommitteePostViewSet(ScopedViewSet):
    """``/organizations/{code}/posts/``: committee posts of one organization."""

    queryset = CommitteePost.objects.none()
    lookup_field = "pk"
    lookup_value_regex = r"\d+"

    def list(self, request: Request, code: str) -> Response:
        organization = organization_get(actor=self.actor, code=self.kwargs["code"])
        on = query_params(request, AsOfQuerySerializer).get("as_of")
        if on is None:
            posts = committee_posts(actor=self.actor, organization=organization)
        else:
            posts = committee_at(organization, on=on)
        return self.paginated(posts, CommitteePostSerializer)

    def create(self, request: Request, code: str) -> Response:
        organization = organization_get(actor=self.actor, code=self.kwargs["code"])
        data = _input(request, PostAssignInputSerializer)
        term = None
        if data["term"] is not None:
            term = term_get(actor=self.actor, organization=organization, pk=data["term"])
        post = services.committee_post_assign(
            actor=self.actor,
            organization=organization,
            post=data["post"],
            member=_holder(self.actor, data["member"], data["person_key"]),
            held_from=data["held_from"],
            held_to=data["held_to"],
            term=term,
            decision_number=data["decision_number"],
        )
        return Response(CommitteePostSerializer(post).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="End a post",
        request=PostEndInputSerializer,
        responses={200: CommitteePostSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, code: str, pk: str) -> Response:
        organization = organization_get(actor=self.actor, code=self.kwargs["code"])
        assignment = committee_post_get(actor=self.actor, organization=organization, pk=int(pk))
        data = _input(request, PostEndInputSerializer)
        post = services.committee_post_end(
            actor=self.actor, assignment=assignment, held_to=data["held_to"]
        )
        return Response(CommitteePostSerializer(post).data)


class CommitteeViewSet(ScopedViewSet):
    """``/committees/…``: reads across organizations."""

    queryset = Organization.objects.none()

    @extend_schema(
        summary="Organizations that need a secretary and have none on a date",
        parameters=[WithoutSecretaryQuerySerializer],
        responses={200: OrganizationWithoutSecretarySerializer(many=True), **READ_ERRORS},
    )
    @action(detail=False, methods=["get"], url_path="without-secretary")
    def without_secretary(self, request: Request) -> Response:
        params = query_params(request, WithoutSecretaryQuerySerializer)
        root = (
            organization_get(actor=self.actor, code=params["root"]) if params.get("root") else None
        )
        states = organizations_without_secretary(
            actor=self.actor, on=params.get("as_of") or today(), root=root
        )
        return self.paginated(states, OrganizationWithoutSecretarySerializer)
