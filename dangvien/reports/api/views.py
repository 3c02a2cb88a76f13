"""Reports API: the dashboard figures, documents, and period reports with approval."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangvien.audit.services import record_export
from dangvien.core.dates import today
from dangvien.http.params import path_id, query_params
from dangvien.http.viewsets import READ_ERRORS, WRITE_ERRORS, ScopedViewSet
from dangvien.organizations.models import Organization
from dangvien.reports import services
from dangvien.reports.api.serializers import (
    DashboardQuerySerializer,
    DashboardSerializer,
    DiffRowSerializer,
    DocumentQuerySerializer,
    PeriodReportCreateSerializer,
    PeriodReportDetailSerializer,
    PeriodReportSerializer,
    ReportListQuerySerializer,
)
from dangvien.reports.documents import CONTENT_TYPES, heading_for, render
from dangvien.reports.models import PeriodReport
from dangvien.reports.selectors import (
    admissions_by_year,
    comparison,
    figures_diff,
    figures_or_combined,
    members_over_time,
    parent_name,
    report_figures,
    report_get,
    report_list,
    report_organization,
)

FORMATS = ("docx", "xlsx", "pdf")
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="Organization code.")
FMT = OpenApiParameter(
    "fmt", str, OpenApiParameter.PATH, enum=list(FORMATS), description="Document format."
)
ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Report id.")
DOCUMENT = OpenApiResponse(OpenApiTypes.BINARY, description="The document (DOCX, XLSX or PDF).")


def _download(data: bytes, fmt: str, stem: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


class DashboardViewSet(ScopedViewSet):
    """Figures of an organization's dashboard and its documents, computed for a date."""

    queryset = Organization.objects.none()

    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    pagination_class = None

    @extend_schema(
        summary="Dashboard figures",
        parameters=[CODE, DashboardQuerySerializer],
        responses={200: DashboardSerializer, **READ_ERRORS},
    )
    def retrieve(self, request: Request, code: str) -> Response:
        params = query_params(request, DashboardQuerySerializer)
        on = params.get("as_of") or today()
        organization = report_organization(actor=request.user, code=code)
        figures_at = figures_or_combined if params.get("combined") else report_figures
        figures = figures_at(organization, on)
        compare = params.get("compare")
        rows = comparison(figures, figures_at(organization, compare)) if compare else None
        return Response(
            DashboardSerializer(
                {
                    "figures": figures,
                    "members_over_time": members_over_time(organization, on),
                    "admissions_by_year": admissions_by_year(organization, on),
                    "comparison": rows,
                }
            ).data
        )

    @extend_schema(
        summary="Dashboard document",
        parameters=[CODE, FMT, DocumentQuerySerializer],
        responses={(200, "application/octet-stream"): DOCUMENT, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path=r"document/(?P<fmt>docx|xlsx|pdf)")
    def document(self, request: Request, code: str, fmt: str) -> HttpResponse:
        on = query_params(request, DocumentQuerySerializer).get("as_of") or today()
        organization = report_organization(actor=request.user, code=code)
        figures = report_figures(organization, on)
        data = render(fmt, figures, heading_for(figures, parent=parent_name(organization, on)))
        # the web page's download is audited; this one was not (issue 13, defect 8)
        record_export(actor=request.user, organization=organization, what=f"dashboard.{fmt}")
        return _download(data, fmt, f"bao-cao-{organization.code}-{on.isoformat()}")


class PeriodReportViewSet(ScopedViewSet):
    """Period reports: draft, submit, approve (freezes figures and documents), return."""

    queryset = PeriodReport.objects.none()

    def _report(self) -> PeriodReport:
        return report_get(actor=self.request.user, pk=path_id(self.kwargs["pk"]))

    @extend_schema(
        summary="List period reports",
        parameters=[ReportListQuerySerializer],
        responses={200: PeriodReportSerializer(many=True), **READ_ERRORS},
    )
    def list(self, request: Request) -> Response:
        code = query_params(request, ReportListQuerySerializer).get("organization")
        organization = report_organization(actor=request.user, code=code) if code else None
        return self.paginated(
            report_list(actor=request.user, organization=organization), PeriodReportSerializer
        )

    @extend_schema(
        summary="A period report (with its frozen figures once approved)",
        parameters=[ID],
        responses={200: PeriodReportDetailSerializer, **READ_ERRORS},
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(PeriodReportDetailSerializer(self._report()).data)

    @extend_schema(
        summary="Draft a period report",
        request=PeriodReportCreateSerializer,
        responses={201: PeriodReportSerializer, **WRITE_ERRORS},
    )
    def create(self, request: Request) -> Response:
        data = PeriodReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        organization = report_organization(actor=request.user, code=values.pop("organization"))
        report = services.report_create(actor=request.user, organization=organization, **values)
        return Response(PeriodReportSerializer(report).data, status=status.HTTP_201_CREATED)

    def _transition(self, service: Any) -> Response:
        report = service(actor=self.request.user, report=self._report())
        return Response(PeriodReportSerializer(report).data)

    @extend_schema(
        summary="Submit for approval",
        request=None,
        parameters=[ID],
        responses={200: PeriodReportSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._transition(services.report_submit)

    @extend_schema(
        summary="Approve and freeze",
        request=None,
        parameters=[ID],
        responses={200: PeriodReportSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._transition(services.report_approve)

    @extend_schema(
        summary="Return to draft",
        request=None,
        parameters=[ID],
        responses={200: PeriodReportSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request: Request, pk: str) -> Response:
        return self._transition(services.report_return)

    @extend_schema(
        summary="Frozen figures against today's recomputation",
        parameters=[ID],
        responses={200: DiffRowSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def diff(self, request: Request, pk: str) -> Response:
        report = self._report()
        if not report.is_frozen or report.figures is None:
            return Response([])
        current = report_figures(
            report.organization, report.period_to, period_from=report.period_from
        )
        return Response(DiffRowSerializer(figures_diff(report.figures, current), many=True).data)

    @extend_schema(
        summary="Report document (stored bytes once approved)",
        parameters=[ID, FMT],
        responses={(200, "application/octet-stream"): DOCUMENT, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path=r"document/(?P<fmt>docx|xlsx|pdf)")
    def document(self, request: Request, pk: str, fmt: str) -> HttpResponse:
        report = self._report()
        if report.is_frozen:
            data = bytes(getattr(report, fmt))
        else:
            figures = report_figures(
                report.organization, report.period_to, period_from=report.period_from
            )
            data = services.build_documents(report, figures)[fmt]
        record_export(actor=request.user, organization=report.organization, what=f"report.{fmt}")
        return _download(
            data, fmt, f"bao-cao-{report.organization.code}-{report.period_from}-{report.period_to}"
        )
