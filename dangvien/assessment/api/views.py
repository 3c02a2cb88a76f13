"""Assessment API: the results the caller may see, and recording (or correcting) a result."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from dangvien.assessment import services
from dangvien.assessment.api.serializers import (
    AssessmentResultSerializer,
    ResultInputSerializer,
    YearQuerySerializer,
)
from dangvien.assessment.choices import Subject
from dangvien.assessment.models import AssessmentResult
from dangvien.assessment.selectors import current_result, result_list
from dangvien.http.params import query_params
from dangvien.http.viewsets import READ_ERRORS, WRITE_ERRORS, ScopedViewSet
from dangvien.members.models import Member
from dangvien.members.selectors import member_get
from dangvien.organizations.selectors import organization_get


@extend_schema_view(
    list=extend_schema(
        summary="Assessment results (in force and corrected)",
        parameters=[YearQuerySerializer],
        responses={200: AssessmentResultSerializer(many=True), **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Record a result, or correct the one in force for that subject and year",
        request=ResultInputSerializer,
        responses={201: AssessmentResultSerializer, **WRITE_ERRORS},
    ),
)
class AssessmentResultViewSet(ScopedViewSet):
    """``/assessment-results/``: yearly quality assessment results."""

    queryset = AssessmentResult.objects.none()

    def list(self, request: Request) -> Response:
        params = query_params(request, YearQuerySerializer)
        results = result_list(actor=self.actor)
        if params.get("year"):
            results = results.filter(year=params["year"])
        if params.get("subject"):
            results = results.filter(subject=params["subject"])
        return self.paginated(results, AssessmentResultSerializer)

    def create(self, request: Request) -> Response:
        serializer = ResultInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        member = organization = None
        if data["subject"] == Subject.MEMBER:
            found = Member.objects.filter(member_key=data["code"]).values_list("pk", flat=True)
            member = member_get(actor=self.actor, pk=found[0] if found else 0)
        else:
            organization = organization_get(actor=self.actor, code=data["code"])
        decided_by = (
            organization_get(actor=self.actor, code=data["decided_by_code"])
            if data.get("decided_by_code")
            else None
        )
        existing = current_result(year=data["year"], member=member, organization=organization)
        if existing is not None:
            result = services.assessment_correct(
                actor=self.actor, result=existing, level=data["level"], score=data.get("score"),
                decided_on=data["decided_on"], decided_by=decided_by, note=data["note"],
            )  # fmt: skip
        else:
            result = services.assessment_record(
                actor=self.actor, year=data["year"], level=data["level"],
                decided_on=data["decided_on"], member=member, organization=organization,
                score=data.get("score"), decided_by=decided_by, note=data["note"],
            )  # fmt: skip
        return Response(AssessmentResultSerializer(result).data, status=status.HTTP_201_CREATED)
