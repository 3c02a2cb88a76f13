"""Proposals and decisions API: a body proposes, the competent body decides."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangvien.core.votes import RecordedVote, vote_get
from dangvien.decisions import services
from dangvien.decisions.api.serializers import (
    DirectDecisionInputSerializer,
    ProposalInputSerializer,
    ProposalListQuerySerializer,
    ProposalSerializer,
    RulingInputSerializer,
    WithdrawInputSerializer,
)
from dangvien.decisions.models import Proposal
from dangvien.decisions.selectors import proposal_get, proposal_queryset, proposals_to_decide
from dangvien.http.params import path_id, query_params
from dangvien.http.serializers import decision_from
from dangvien.http.viewsets import READ_ERRORS, WRITE_ERRORS, ScopedViewSet
from dangvien.members.selectors import member_get

ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Proposal id.")


def _meeting_vote(actor: Any, values: dict[str, Any]) -> RecordedVote | None:
    pk = values.get("meeting_vote")
    return vote_get(actor, pk) if pk else None


@extend_schema_view(
    list=extend_schema(
        summary="Proposals the caller may see",
        parameters=[ProposalListQuerySerializer],
        responses={200: ProposalSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A proposal and its decision",
        parameters=[ID],
        responses={200: ProposalSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Submit a proposal (the proposing body's resolution with its vote)",
        request=ProposalInputSerializer,
        responses={201: ProposalSerializer, **WRITE_ERRORS},
    ),
)
class ProposalViewSet(ScopedViewSet):
    queryset = Proposal.objects.none()

    def list(self, request: Request) -> Response:
        params = query_params(request, ProposalListQuerySerializer)
        if params.get("to_decide"):
            proposals = proposals_to_decide(actor=self.actor)
        else:
            proposals = proposal_queryset(self.actor).order_by("-proposed_on", "-pk")
            if params.get("waiting"):
                proposals = proposals.filter(ruling__isnull=True)
        if params.get("member"):
            proposals = proposals.filter(member_id=params["member"])
        return self.paginated(proposals, ProposalSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(ProposalSerializer(proposal_get(actor=self.actor, pk=path_id(pk))).data)

    def create(self, request: Request) -> Response:
        data = ProposalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        proposal = services.proposal_submit(
            actor=self.actor,
            kind=values["kind"],
            member=member_get(actor=self.actor, pk=values["member"]),
            proposed_on=values["proposed_on"],
            members_convened=values.get("members_convened"),
            votes_for=values.get("votes_for"),
            votes_against=values.get("votes_against"),
            data=values.get("details") or {},
            note=values.get("note", ""),
            meeting_vote=_meeting_vote(self.actor, values),
        )
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Decide a proposal (a user acting for the deciding body)",
        parameters=[ID],
        request=RulingInputSerializer,
        responses={200: ProposalSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        proposal = proposal_get(actor=self.actor, pk=path_id(pk))
        data = RulingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.ruling_record(
            actor=self.actor,
            proposal=proposal,
            outcome=values["outcome"],
            decision=decision_from(values["decision"]),
            note=values.get("note", ""),
            confirmed=values.get("confirmed", False),
        )
        return Response(ProposalSerializer(proposal_get(actor=self.actor, pk=proposal.pk)).data)

    @extend_schema(
        summary="Withdraw a proposal waiting for a decision",
        parameters=[ID],
        request=WithdrawInputSerializer,
        responses={200: ProposalSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        proposal = proposal_get(actor=self.actor, pk=path_id(pk))
        data = WithdrawInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.proposal_withdraw(
            actor=self.actor,
            proposal=proposal,
            on=data.validated_data["on"],
            note=data.validated_data["note"],
        )
        return Response(ProposalSerializer(proposal_get(actor=self.actor, pk=proposal.pk)).data)

    @extend_schema(
        summary="Record a body's own decision (no proposal from another body), e.g. an exemption",
        request=DirectDecisionInputSerializer,
        responses={201: ProposalSerializer, **WRITE_ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="direct")
    def direct(self, request: Request) -> Response:
        data = DirectDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        ruling = services.decision_record(
            actor=self.actor,
            kind=values["kind"],
            member=member_get(actor=self.actor, pk=values["member"]),
            decision=decision_from(values["decision"]),
            members_convened=values.get("members_convened"),
            votes_for=values.get("votes_for"),
            votes_against=values.get("votes_against"),
            note=values.get("note", ""),
            meeting_vote=_meeting_vote(self.actor, values),
        )
        return Response(
            ProposalSerializer(proposal_get(actor=self.actor, pk=ruling.proposal_id)).data,
            status=status.HTTP_201_CREATED,
        )
