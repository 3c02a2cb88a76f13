"""Admission API: candidates (list, create, retrieve), one action per service, the checklist,
and the progress of targets. Reads go through the scoped selectors, writes through one service."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangvien.admissions import services
from dangvien.admissions.api.serializers import (
    CandidateCreateSerializer,
    CandidateSerializer,
    CeremonyInputSerializer,
    CheckItemSerializer,
    IntroducersInputSerializer,
    ProgressSerializer,
    RecognitionVoteInputSerializer,
    StepInputSerializer,
)
from dangvien.admissions.checks import candidate_checklist
from dangvien.admissions.models import Candidate
from dangvien.admissions.selectors import (
    candidate_get,
    candidate_list,
    introducer_choices,
    target_progress,
)
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.votes import RecordedVote, vote_get
from dangvien.http.params import AsOfQuerySerializer, as_of, path_id, query_params
from dangvien.http.serializers import decision_from
from dangvien.http.viewsets import READ_ERRORS, WRITE_ERRORS, ScopedViewSet
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_get

ORG = OpenApiParameter("organization", str, description="Code of an organization (its subtree).")
ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Candidate id.")


def _meeting_vote(actor: Any, pk: int | None) -> RecordedVote | None:
    return vote_get(actor, pk) if pk else None


class CandidateViewSet(ScopedViewSet):
    queryset = Candidate.objects.none()

    def _candidate(self) -> Candidate:
        return candidate_get(actor=self.actor, pk=path_id(self.kwargs["pk"]))

    def _out(self, candidate: Candidate, code: int = status.HTTP_200_OK) -> Response:
        fresh = candidate_get(actor=self.actor, pk=candidate.pk)
        return Response(CandidateSerializer(fresh).data, status=code)

    @extend_schema(parameters=[ORG], responses={200: CandidateSerializer(many=True), **READ_ERRORS})
    def list(self, request: Request) -> Response:
        code = request.query_params.get("organization")
        organization = organization_get(actor=self.actor, code=code) if code else None
        return self.paginated(
            candidate_list(actor=self.actor, organization=organization), CandidateSerializer
        )

    @extend_schema(
        request=CandidateCreateSerializer, responses={201: CandidateSerializer, **WRITE_ERRORS}
    )
    def create(self, request: Request) -> Response:
        data = CandidateCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        organization = organization_get(actor=self.actor, code=values.pop("organization"))
        candidate = services.candidate_register(
            actor=self.actor,
            organization=organization,
            source=values.pop("source"),
            joined_unit_on=values.pop("joined_unit_on", None),
            over_age_approved=values.pop("over_age_approved", False),
            profile=values,
        )
        return self._out(candidate, status.HTTP_201_CREATED)

    @extend_schema(parameters=[ID], responses={200: CandidateSerializer, **READ_ERRORS})
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._out(self._candidate())

    @extend_schema(parameters=[ID], responses={200: CheckItemSerializer(many=True), **READ_ERRORS})
    @action(detail=True, methods=["get"])
    def checklist(self, request: Request, pk: str) -> Response:
        items = candidate_checklist(self._candidate())
        return Response(CheckItemSerializer(items, many=True).data)

    @extend_schema(
        parameters=[ID],
        request=StepInputSerializer,
        responses={200: CandidateSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def advance(self, request: Request, pk: str) -> Response:
        data = StepInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        candidate = services.candidate_advance(
            actor=self.actor,
            candidate=self._candidate(),
            meeting_vote=_meeting_vote(self.actor, values.pop("meeting_vote", None)),
            **values,
        )
        return self._out(candidate)

    @extend_schema(
        parameters=[ID],
        request=IntroducersInputSerializer,
        responses={200: CandidateSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def introducers(self, request: Request, pk: str) -> Response:
        data = IntroducersInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = data.validated_data["introducers"]
        candidate_row = self._candidate()
        # Only members the caller may pick (official members of the candidate's grassroots
        # organization, in scope): an unknown or out-of-scope id is refused, not looked up.
        found = list(
            introducer_choices(actor=self.actor, candidate=candidate_row).filter(pk__in=ids)
        )
        if len(found) != len(set(ids)):
            raise ValidationFailed(
                _("Choose introducers among the official members of the unit."),
                code="introducer_not_allowed",
                field="introducers",
            )
        candidate = services.candidate_set_introducers(
            actor=self.actor,
            candidate=candidate_row,
            introducers=found,
            union_body=data.validated_data["union_body"],
        )
        return self._out(candidate)

    @extend_schema(
        parameters=[ID],
        request=CeremonyInputSerializer,
        responses={200: CandidateSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def ceremony(self, request: Request, pk: str) -> Response:
        data = CeremonyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        consent = decision_from(values.pop("consent", None))
        candidate = services.candidate_admit(
            actor=self.actor, candidate=self._candidate(), consent=consent, **values
        )
        return self._out(candidate)

    @extend_schema(
        parameters=[ID],
        request=RecognitionVoteInputSerializer,
        responses={200: CandidateSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="recognition-vote")
    def recognition_vote(self, request: Request, pk: str) -> Response:
        data = RecognitionVoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        candidate = self._candidate()
        values = dict(data.validated_data)
        services.recognition_vote_record(
            actor=self.actor,
            candidate=candidate,
            meeting_vote=_meeting_vote(self.actor, values.pop("meeting_vote", None)),
            **values,
        )
        return self._out(candidate)


class TargetProgressViewSet(ScopedViewSet):
    queryset = Organization.objects.none()
    lookup_field = "code"

    @extend_schema(
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH), AsOfQuerySerializer],
        responses={200: ProgressSerializer, **READ_ERRORS},
    )
    def retrieve(self, request: Request, code: str) -> Response:
        query_params(request, AsOfQuerySerializer)
        organization = organization_get(actor=self.actor, code=code)
        progress = target_progress(actor=self.actor, organization=organization, on=as_of(request))
        return Response(ProgressSerializer(progress).data)
