"""Member API: scoped reads (lists at a date, the record, timeline, periods, working lists) and
one action per lifecycle service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from dangvien.accounts.types import Actor
from dangvien.audit.services import record_read
from dangvien.core.dates import today
from dangvien.http.params import path_id, query_params
from dangvien.http.viewsets import READ_ERRORS, WRITE_ERRORS, ScopedViewSet
from dangvien.members import services
from dangvien.members.actions import ACTIONS, MemberAction, target_organization
from dangvien.members.api.serializers import (
    ACTION_SERIALIZERS,
    AdmitInputSerializer,
    BadgeCandidateSerializer,
    CorrectInputSerializer,
    MemberAsOfQuerySerializer,
    MemberDetailSerializer,
    MemberEventSerializer,
    MemberListQuerySerializer,
    MemberPeriodSerializer,
    MemberSummarySerializer,
    OrganizationListQuerySerializer,
    ProfileSerializer,
    RecognitionDueSerializer,
    TransferRowSerializer,
    VoidInputSerializer,
    action_request,
    member_decision,
    summary,
)
from dangvien.members.models import Member, MemberPeriod
from dangvien.members.permissions import MemberPermission
from dangvien.members.selectors import (
    badge_candidates,
    lifecycle_dates,
    member_event_get,
    member_get,
    member_known_period,
    member_last_period,
    member_list_at,
    member_periods,
    member_queryset,
    member_search,
    member_timeline_with_own_events,
    members_last_periods,
    next_badge_occasion,
    party_age,
    recognition_due,
    transfers_pending,
)
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_get

VIEW = MemberPermission.VIEW
ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Member id.")
EVENT_ID = OpenApiParameter("event_id", int, OpenApiParameter.PATH, description="Event id.")


def _detail(member: Member, on: date, actor: Actor) -> dict[str, Any]:
    age = party_age(member, on)
    return {
        "id": member.pk,
        "member_key": member.member_key,
        "as_of": on,
        "profile": member,
        "lifecycle": lifecycle_dates(member, actor=actor, on=on),
        "current": summary(member, member_last_period(member, on, actor=actor)),
        "party_age": (
            {
                "start": age.start,
                "days": age.days,
                "years": age.years,
                "gaps": [{"start": s, "end": e, "reason": r} for s, e, r in age.gaps],
            }
            if age
            else None
        ),
    }


@extend_schema_view(
    list=extend_schema(
        summary="Members: search, or the members of an organization's subtree on a date",
        description="With ``organization``: members of its subtree at the end of ``as_of`` "
        "with the filters. With ``q``: search by name (diacritics ignored), citizen ID, card "
        "number or member key. Otherwise every member the caller may see.",
        parameters=[MemberListQuerySerializer],
        responses={200: MemberSummarySerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A member: record, lifecycle dates, status and party age on a date",
        parameters=[ID, MemberAsOfQuerySerializer],
        responses={200: MemberDetailSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Admit a new member",
        request=AdmitInputSerializer,
        responses={201: MemberDetailSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change fields of the member's record",
        parameters=[ID],
        request=ProfileSerializer,
        responses={200: MemberDetailSerializer, **WRITE_ERRORS},
    ),
)
class MemberViewSet(ScopedViewSet):
    """Party members by id; reads are "as of" a date (default today)."""

    queryset = Member.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _member(self) -> Member:
        return member_get(actor=self.actor, pk=path_id(self.kwargs["pk"]))

    def _input(self, serializer_class: type[Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _on(self) -> date:
        return query_params(self.request, MemberAsOfQuerySerializer).get("as_of") or today()

    def list(self, request: Request) -> Response:
        params = query_params(request, MemberListQuerySerializer)
        on = params.pop("as_of", None) or today()
        code = params.pop("organization", None)
        query = params.pop("q", "") or ""
        rows: list[dict[str, Any]]
        if code:
            organization = organization_get(actor=self.actor, code=code)
            periods = member_list_at(
                actor=self.actor, organization=organization, on=on, search=query, **params
            )
            period_page: list[MemberPeriod] = self.paginate_queryset(periods) or []
            rows = [summary(p.member, p) for p in period_page]
        else:
            members = (
                member_search(actor=self.actor, query=query, limit=1000)
                if query
                else member_queryset(self.actor).order_by("search_name", "id")
            )
            member_page: list[Member] = self.paginate_queryset(members) or []
            last_periods = members_last_periods(member_page, on, actor=self.actor)
            rows = [summary(m, last_periods.get(m.pk)) for m in member_page]
        return self.get_paginated_response(MemberSummarySerializer(rows, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        member, on = self._member(), self._on()
        # a member's file holds sensitive personal data (Decree 13/2023): every read is audited,
        # under the organization the reader knows the member by (as the web page's read)
        known_as = member_known_period(member, on, actor=self.actor)
        record_read(
            actor=self.actor,
            what="member.file",
            organization=known_as.organization if known_as else None,
            obj=member,
        )
        return Response(MemberDetailSerializer(_detail(member, on, self.actor)).data)

    def create(self, request: Request) -> Response:
        data = self._input(AdmitInputSerializer)
        organization = organization_get(actor=self.actor, code=data["organization"])
        member = services.member_admit(
            actor=self.actor,
            organization=organization,
            admitted_on=data["admitted_on"],
            decision=member_decision(data.get("decision")),
            profile=dict(data["profile"]),
            member_key=data["member_key"],
            vote_on=data["vote_on"],
            note=data["note"],
        )
        body = MemberDetailSerializer(_detail(member, data["admitted_on"], self.actor)).data
        return Response(body, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        member = self._member()
        data = self._input(ProfileSerializer)
        member = services.member_update_profile(actor=self.actor, member=member, changes=data)
        return Response(MemberDetailSerializer(_detail(member, today(), self.actor)).data)

    #
    # Reads of one member
    #

    @extend_schema(
        summary="The member's events the caller may see, oldest first",
        parameters=[ID],
        responses={200: MemberEventSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def timeline(self, request: Request, pk: str) -> Response:
        events = member_timeline_with_own_events(actor=self.actor, member=self._member())
        return Response(MemberEventSerializer(events, many=True).data)

    @extend_schema(
        summary="The member's membership periods the caller may see",
        parameters=[ID],
        responses={200: MemberPeriodSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def periods(self, request: Request, pk: str) -> Response:
        periods = member_periods(actor=self.actor, member=self._member())
        return Response(MemberPeriodSerializer(periods, many=True).data)

    #
    # Working lists of an organization
    #

    def _list_params(self) -> tuple[Organization, date]:
        params = query_params(self.request, OrganizationListQuerySerializer)
        return organization_get(actor=self.actor, code=params["organization"]), params.get(
            "as_of"
        ) or today()

    @extend_schema(
        summary="Probationary members due for recognition in an organization's subtree",
        parameters=[OrganizationListQuerySerializer],
        responses={200: RecognitionDueSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=False, methods=["get"], url_path="due-for-recognition", pagination_class=None)
    def due_for_recognition(self, request: Request) -> Response:
        organization, on = self._list_params()
        rows = recognition_due(actor=self.actor, organization=organization, on=on)
        return Response(RecognitionDueSerializer(rows, many=True).data)

    @extend_schema(
        summary="Transfers in transit into or out of an organization's subtree",
        parameters=[OrganizationListQuerySerializer],
        responses={200: TransferRowSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def transfers(self, request: Request) -> Response:
        organization, on = self._list_params()
        rows = transfers_pending(actor=self.actor, organization=organization, on=on)
        return Response(TransferRowSerializer(rows, many=True).data)

    @extend_schema(
        summary="Badge candidates for the next award occasion after a date",
        parameters=[OrganizationListQuerySerializer],
        responses={200: BadgeCandidateSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=False, methods=["get"], url_path="badge-candidates", pagination_class=None)
    def badge_candidates(self, request: Request) -> Response:
        organization, on = self._list_params()
        rows = badge_candidates(
            actor=self.actor, organization=organization, award_on=next_badge_occasion(on)
        )
        return Response(BadgeCandidateSerializer(rows, many=True).data)

    @extend_schema(
        summary="Correct an event (a new entry replacing it)",
        request=CorrectInputSerializer,
        parameters=[ID, EVENT_ID],
        responses={200: MemberDetailSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path=r"events/(?P<event_id>\d+)/correct")
    def event_correct(self, request: Request, pk: str, event_id: str) -> Response:
        member = self._member()
        event = member_event_get(actor=self.actor, member=member, pk=path_id(event_id))
        data = self._input(CorrectInputSerializer)
        services.member_event_correct(
            actor=self.actor,
            event=event,
            effective_on=data["effective_on"],
            organization=target_organization(data["organization"])
            if data["organization"]
            else None,
            note=data["note"],
        )
        return Response(MemberDetailSerializer(_detail(member, today(), self.actor)).data)

    @extend_schema(
        summary="Cancel an event recorded by mistake",
        request=VoidInputSerializer,
        parameters=[ID, EVENT_ID],
        responses={200: MemberDetailSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path=r"events/(?P<event_id>\d+)/void")
    def event_void(self, request: Request, pk: str, event_id: str) -> Response:
        member = self._member()
        event = member_event_get(actor=self.actor, member=member, pk=path_id(event_id))
        data = self._input(VoidInputSerializer)
        services.member_event_void(actor=self.actor, event=event, note=data["note"])
        return Response(MemberDetailSerializer(_detail(member, today(), self.actor)).data)


#
# Lifecycle: one operation per action of ``actions.ACTIONS``, each calling exactly one service
# and returning the member's record
#


def _lifecycle_operation(spec: MemberAction) -> Callable[..., Response]:
    """``POST /members/{id}/<slug>/``: the action's input serializer in, the record out."""
    serializer_class = ACTION_SERIALIZERS[spec.input]

    def operation(self: MemberViewSet, request: Request, pk: str) -> Response:
        member = self._member()
        data = self._input(serializer_class)
        event = spec.perform(self.actor, member, action_request(data))
        return Response(
            MemberDetailSerializer(_detail(member, event.effective_on, self.actor)).data
        )

    operation.__name__ = spec.slug.replace("-", "_")
    operation.__qualname__ = f"{MemberViewSet.__qualname__}.{operation.__name__}"
    routed = action(detail=True, methods=["post"], url_path=spec.slug)(operation)
    return extend_schema(
        summary=spec.summary,
        request=serializer_class,
        parameters=[ID],
        responses={200: MemberDetailSerializer, **WRITE_ERRORS},
    )(routed)


for _spec in ACTIONS:
    setattr(MemberViewSet, _spec.slug.replace("-", "_"), _lifecycle_operation(_spec))
