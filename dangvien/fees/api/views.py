"""Fees API: the payments collected in an organization's subtree, and recording one."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from dangvien.fees.api.serializers import (
    FeePaymentInputSerializer,
    FeePaymentQuerySerializer,
    FeePaymentSerializer,
)
from dangvien.fees.models import FeePayment
from dangvien.fees.selectors import organization_payments
from dangvien.fees.services import fee_payment_record
from dangvien.http.params import query_params
from dangvien.http.viewsets import READ_ERRORS, WRITE_ERRORS, ScopedViewSet
from dangvien.members.selectors import member_queryset
from dangvien.organizations.selectors import organization_get

ORG_CODE = OpenApiParameter(
    "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Code of the party organization."
)


@extend_schema(parameters=[ORG_CODE])
@extend_schema_view(
    list=extend_schema(
        summary="Party fee payments collected in an organization's subtree",
        parameters=[FeePaymentQuerySerializer],
        responses={200: FeePaymentSerializer(many=True), **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Record a member's party fee for a month",
        request=FeePaymentInputSerializer,
        responses={201: FeePaymentSerializer, **WRITE_ERRORS},
    ),
)
class FeePaymentViewSet(ScopedViewSet):
    """``/organizations/{code}/fee-payments/``: one row per member and month paid."""

    queryset = FeePayment.objects.none()

    def list(self, request: Request, code: str) -> Response:
        organization = organization_get(actor=self.actor, code=code)
        month = query_params(request, FeePaymentQuerySerializer).get("month")
        return self.paginated(
            organization_payments(actor=self.actor, organization=organization, month=month),
            FeePaymentSerializer,
        )

    def create(self, request: Request, code: str) -> Response:
        organization_get(actor=self.actor, code=code)
        serializer = FeePaymentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        member = (
            # a member the caller sees (else 404); the service refuses one they may not change
            member_queryset(self.actor).filter(member_key=data["member_id"]).first()
        )
        if member is None:
            raise Http404("member")
        payment = fee_payment_record(
            actor=self.actor,
            member=member,
            month=data["month"],
            amount=data["amount"],
            paid_on=data["paid_on"],
            channel=data["channel"],
            reference=data["reference"],
        )
        return Response(FeePaymentSerializer(payment).data, status=status.HTTP_201_CREATED)
