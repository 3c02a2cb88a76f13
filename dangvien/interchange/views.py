"""Web import of a bundle: upload → preview (dry run) → confirm → progress → result.

Staff and system administrators only (``interchange.import``); others get 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvien.core.exceptions import DomainError
from dangvien.interchange import selectors, services
from dangvien.interchange.forms import UploadForm
from dangvien.interchange.models import ImportJob
from dangvien.interchange.sections import bundle_files, count_labels, stage_label
from dangvien.interchange.workbook_template import template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _count_rows(counts: dict[str, int]) -> list[tuple[str, int]]:
    labels = count_labels()
    return [(str(labels.get(key, key)), value) for key, value in counts.items()]


def _job_context(job: ImportJob) -> dict[str, Any]:
    progress = selectors.import_job_progress(job)
    fractions = progress["fractions"]
    stages = [
        {
            "name": name,
            "label": stage_label(name),
            "count": count,
            "percent": round(100 * fractions[name]) if name in fractions else None,
            "current": name == progress["stage"],
        }
        for name, count in progress["stages"].items()
    ]
    return {
        "job": job,
        "preview_rows": _count_rows(job.preview),
        "result_rows": _count_rows(job.result),
        "stage": progress["stage"],
        "stages": stages,
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    selectors.require_import(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_upload(
                actor=request.user,
                upload=form.cleaned_data["file"],
                record_deviations=form.cleaned_data["record_deviations"],
            )
        except DomainError as error:
            form.add_error("file", str(error.message))
        else:
            return redirect("web:import_job", pk=job.pk)
    jobs = selectors.import_jobs_for(actor=request.user)[:20]
    return render(
        request,
        "interchange/upload.html",
        {"form": form, "jobs": jobs, "files": [spec.name for spec in bundle_files()]},
    )


@login_required
@require_GET
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, pk=pk)
    return render(request, "interchange/job.html", _job_context(job))


@login_required
@require_GET
def import_job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress panel alone (htmx polling every 2 s while the import runs)."""
    job = selectors.import_job_get(actor=request.user, pk=pk)
    return render(request, "interchange/_status.html", _job_context(job))


@login_required
@require_POST
def import_job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, pk=pk)
    try:
        services.import_job_confirm(actor=request.user, job=job)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The import has started."))
    return redirect("web:import_job", pk=job.pk)


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="dangvien-mau-nhap-du-lieu.xlsx"'
    return response
