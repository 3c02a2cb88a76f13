"""Discipline API: the cases the caller may read (each read of a case audited), opening a
case, the proposal and the decision."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangvien.core.decisions import Decision
from dangvien.decisions.choices import Outcome
from dangvien.discipline import services
from dangvien.discipline.api.serializers import (
    CaseDecideInputSerializer,
    CaseOpenInputSerializer,
    CaseProposeInputSerializer,
    DisciplineCaseSerializer,
)
from dangvien.discipline.models import DisciplineCase
from dangvien.discipline.selectors import case_get, cases_in_scope
from dangvien.http.viewsets import READ_ERRORS, WRITE_ERRORS, ScopedViewSet
from dangvien.members.selectors import member_queryset
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_get


def _input(request: Request, serializer_class: type) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema_view(
    list=extend_schema(
        summary="Discipline cases the caller may read",
        responses={200: DisciplineCaseSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A discipline case (the read is audited)",
        responses={200: DisciplineCaseSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Open a discipline case",
        request=CaseOpenInputSerializer,
        responses={201: DisciplineCaseSerializer, **WRITE_ERRORS},
    ),
)
class DisciplineCaseViewSet(ScopedViewSet):
    """``/discipline/cases/``: sensitive files, read only by the staff and secretaries of the
    subtree; every read of one case is audited."""

    queryset = DisciplineCase.objects.none()

    def list(self, request: Request) -> Response:
        return self.paginated(cases_in_scope(actor=self.actor), DisciplineCaseSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        case = case_get(actor=self.actor, pk=int(pk))
        services.case_file_read(actor=self.actor, case=case)
        return Response(DisciplineCaseSerializer(case).data)

    def create(self, request: Request) -> Response:
        data = _input(request, CaseOpenInputSerializer)
        member = None
        organization = None
        if data.get("member"):
            member = member_queryset(self.actor).filter(member_key=data["member"]).first()
            if member is None:
                raise Http404("member")
        if data.get("organization"):
            organization = organization_get(actor=self.actor, code=data["organization"])
        opened_by = (
            organization_get(actor=self.actor, code=data["opened_by"])
            if data.get("opened_by")
            else None
        )
        case = services.case_open(
            actor=self.actor,
            subject=data["subject"],
            member=member,
            organization=organization,
            opened_on=data["opened_on"],
            opened_by=opened_by,
            violation=data["violation"],
            violated_on=data.get("violated_on"),
            offence=data.get("offence", ""),
            key=data.get("key", ""),
        )
        return Response(DisciplineCaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The cell proposes a form to the competent body",
        request=CaseProposeInputSerializer,
        responses={200: DisciplineCaseSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def propose(self, request: Request, pk: str) -> Response:
        case = case_get(actor=self.actor, pk=int(pk))
        data = _input(request, CaseProposeInputSerializer)
        services.case_propose(
            actor=self.actor,
            case=case,
            form=data["form"],
            proposed_on=data["proposed_on"],
            votes_for=data.get("votes_for"),
            votes_against=data.get("votes_against"),
            members_convened=data.get("members_convened"),
        )
        return Response(DisciplineCaseSerializer(case_get(actor=self.actor, pk=case.pk)).data)

    @extend_schema(
        summary="The competent body decides the case",
        request=CaseDecideInputSerializer,
        responses={200: DisciplineCaseSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        case = case_get(actor=self.actor, pk=int(pk))
        data = _input(request, CaseDecideInputSerializer)
        deciding = None
        if data.get("decided_by"):
            deciding = Organization.objects.filter(code=data["decided_by"]).first()
            if deciding is None:
                raise Http404("organization")
        services.case_decide(
            actor=self.actor,
            case=case,
            form=data["form"],
            decision=Decision(data["number"], data["decided_on"]),
            outcome=Outcome.APPROVED if data["approved"] else Outcome.REJECTED,
            deciding_organization=deciding,
            votes_for=data.get("votes_for"),
            votes_against=data.get("votes_against"),
            members_convened=data.get("members_convened"),
            confirmed=data["confirmed"],
        )
        return Response(DisciplineCaseSerializer(case_get(actor=self.actor, pk=case.pk)).data)
