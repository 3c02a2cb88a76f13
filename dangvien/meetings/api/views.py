"""Meetings API: meetings the user may see, recording one, its expected members and its
attendance taken in one request."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangvien.accounts.scoping import can
from dangvien.http.params import query_params
from dangvien.http.viewsets import READ_ERRORS, WRITE_ERRORS, ScopedViewSet
from dangvien.meetings import services
from dangvien.meetings.api.serializers import (
    AttendanceInputSerializer,
    AttendanceSerializer,
    ExpectedSerializer,
    MeetingCreateInputSerializer,
    MeetingDetailSerializer,
    MeetingSerializer,
    MeetingsQuerySerializer,
    MeetingVoteInputSerializer,
    MeetingVoteSerializer,
)
from dangvien.meetings.models import Meeting
from dangvien.meetings.permissions import MeetingPermission
from dangvien.meetings.selectors import expected_members, meeting_get, meeting_queryset
from dangvien.members.selectors import member_queryset
from dangvien.organizations.selectors import organization_get


def _input(request: Request, serializer_class: type) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema_view(
    list=extend_schema(
        summary="Meetings the user may see, latest first",
        parameters=[MeetingsQuerySerializer],
        responses={200: MeetingSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A meeting with its attendance",
        responses={200: MeetingDetailSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Record a meeting",
        request=MeetingCreateInputSerializer,
        responses={201: MeetingSerializer, **WRITE_ERRORS},
    ),
)
class MeetingViewSet(ScopedViewSet):
    """``/meetings/``: meetings of the organizations in the user's scope."""

    queryset = Meeting.objects.none()
    lookup_field = "pk"
    lookup_value_regex = r"\d+"

    def list(self, request: Request) -> Response:
        params = query_params(request, MeetingsQuerySerializer)
        meetings = meeting_queryset(self.actor)
        if params.get("organization"):
            organization = organization_get(actor=self.actor, code=params["organization"])
            meetings = meetings.filter(organization=organization)
        if params.get("year"):
            meetings = meetings.filter(held_on__year=params["year"])
        return self.paginated(meetings.order_by("-held_on", "-id"), MeetingSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        meeting = meeting_get(actor=self.actor, pk=int(pk))
        return Response(MeetingDetailSerializer(meeting).data)

    def create(self, request: Request) -> Response:
        data = _input(request, MeetingCreateInputSerializer)
        organization = organization_get(actor=self.actor, code=data.pop("organization"))
        meeting = services.meeting_record(actor=self.actor, organization=organization, **data)
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Who is expected: members not exempted nor away, then guests without a vote",
        responses={200: ExpectedSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"])
    def expected(self, request: Request, pk: str) -> Response:
        meeting = meeting_get(actor=self.actor, pk=int(pk))
        return Response(ExpectedSerializer(expected_members(meeting), many=True).data)

    @extend_schema(
        summary="Take the attendance (lines added, or changed when they differ)",
        request=AttendanceInputSerializer,
        responses={200: AttendanceSerializer(many=True), **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str) -> Response:
        meeting = meeting_get(actor=self.actor, pk=int(pk))  # seen, else 404
        if not can(self.actor, MeetingPermission.CHANGE, meeting.organization):
            raise PermissionDenied(MeetingPermission.CHANGE)
        lines = _input(request, AttendanceInputSerializer)["lines"]
        people = {row.member.pk: row.member for row in expected_members(meeting)}
        missing = [line["member"] for line in lines if line["member"] not in people]
        if missing:
            people.update(member_queryset(self.actor).in_bulk(missing))
        if any(line["member"] not in people for line in lines):
            raise Http404("member")
        rows = services.attendance_take(
            actor=self.actor,
            meeting=meeting,
            entries=[
                services.AttendanceEntry(people[line["member"]], line["status"], line["reason"])
                for line in lines
            ],
        )
        return Response(AttendanceSerializer(rows, many=True).data)

    @extend_schema(
        summary="Record a vote taken at the meeting (the official members convened are computed)",
        request=MeetingVoteInputSerializer,
        responses={201: MeetingVoteSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def votes(self, request: Request, pk: str) -> Response:
        meeting = meeting_get(actor=self.actor, pk=int(pk))  # seen, else 404
        if not can(self.actor, MeetingPermission.CHANGE, meeting.organization):
            raise PermissionDenied(MeetingPermission.CHANGE)
        data = _input(request, MeetingVoteInputSerializer)
        vote = services.meeting_vote_record(actor=self.actor, meeting=meeting, **data)
        return Response(MeetingVoteSerializer(vote).data, status=status.HTTP_201_CREATED)
