"""The "Làm sạch dữ liệu" page of an organization: the findings of imports and the checks of
the data in its subtree, each with a link to the page that puts it right and a way to mark it
resolved (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangvien.accounts.scoping import can
from dangvien.core.dates import today
from dangvien.core.exceptions import DomainError
from dangvien.organizations.selectors import organization_get, organization_state
from dangvien.quality import selectors, services
from dangvien.quality.permissions import QualityPermission


@login_required
@require_GET
def organization_quality(request: HttpRequest, code: str) -> HttpResponse:
    organization = organization_get(actor=request.user, code=code)
    if not can(request.user, QualityPermission.VIEW, organization):
        raise PermissionDenied(QualityPermission.VIEW)
    state = organization_state(organization, on=today())
    results = selectors.check_results(actor=request.user, organization=organization)
    imported = list(selectors.import_findings(organization=organization)[:500])
    ids = {f.organization_id for f in imported if f.organization_id}
    ids |= {f.organization.pk for r in results for f in r.findings if f.organization}
    names = selectors.organization_names(ids)
    return render(
        request,
        "quality/organization.html",
        {
            "organization": organization,
            "name": state.name if state is not None else organization.code,
            "imported": [
                (f, names.get(f.organization_id, "") if f.organization_id else "") for f in imported
            ],
            "checks": [
                (
                    r,
                    [
                        (f, names.get(f.organization.pk, "") if f.organization else "")
                        for f in r.findings
                    ],
                )
                for r in results
            ],
            "open_count": len(imported) + sum(r.total for r in results),
            "resolved": list(selectors.resolved_findings(organization=organization)[:100]),
            "can_resolve": can(request.user, QualityPermission.RESOLVE, organization),
        },
    )


@login_required
@require_POST
def quality_resolve(request: HttpRequest, code: str) -> HttpResponse:
    """Mark one finding resolved: a stored one (``finding``) or one of a check (``check`` and
    ``fingerprint``, found again by running the check: nothing is taken from the form but the
    keys and the resolution)."""
    organization = organization_get(actor=request.user, code=code)
    resolution = request.POST.get("resolution", "")
    try:
        if request.POST.get("finding"):
            finding = (
                selectors.import_findings(organization=organization)
                .filter(pk=request.POST["finding"])
                .first()
                if request.POST["finding"].isdigit()
                else None
            )
            if finding is None:
                raise Http404("finding")
            services.finding_resolve(actor=request.user, finding=finding, resolution=resolution)
        else:
            key = request.POST.get("check", "")
            check = selectors.quality_checks.get(key)
            if check is None:
                raise Http404("check")
            fingerprint = request.POST.get("fingerprint", "")
            found = next(
                (
                    f
                    for f in check.find(request.user, organization, today())
                    if f.fingerprint == fingerprint
                ),
                None,
            )
            if found is None:
                raise Http404("finding")
            services.check_finding_resolve(
                actor=request.user,
                check=key,
                fingerprint=found.fingerprint,
                message=found.message,
                organization=found.organization or organization,
                member=found.member,
                rule_key=check.rule_key,
                source=check.source,
                resolution=resolution,
            )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The finding is marked resolved."))
    return redirect("web:organization_quality", code=organization.code)
