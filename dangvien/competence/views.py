"""The authorisations page of an organization."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dangvien.accounts.scoping import can
from dangvien.competence import services
from dangvien.competence.forms import AuthorisationForm
from dangvien.competence.permissions import CompetencePermission
from dangvien.competence.selectors import authorisations_of
from dangvien.http.context import parse_as_of
from dangvien.http.runner import run_service
from dangvien.organizations.selectors import organization_get, organization_state


@login_required
@require_http_methods(["GET", "POST"])
def organization_authorisations(request: HttpRequest, code: str) -> HttpResponse:
    actor = request.user
    organization = organization_get(actor=actor, code=code)
    on = parse_as_of(request)
    state = organization_state(organization, on=on)
    parent = state.parent if state is not None else None
    may_grant = can(actor, CompetencePermission.AUTHORISE, parent or organization)
    form = AuthorisationForm(request.POST or None, initial={"valid_from": on})
    if request.method == "POST":
        if not may_grant:
            raise PermissionDenied(CompetencePermission.AUTHORISE)
        response = run_service(
            request,
            form,
            lambda data: services.authorisation_grant(
                actor=actor,
                organization=organization,
                kind=data["kind"],
                valid_from=data["valid_from"],
                valid_to=data.get("valid_to"),
                decision=form.decision(),
            ),
            success_url=request.path,
            success_message=_("The authorisation was recorded."),
            field_map={"date": "decided_on"},
        )
        if response is not None:
            return response
    return render(
        request,
        "competence/authorisations.html",
        {
            "organization": organization,
            "state": state,
            "authorisations": authorisations_of(actor=actor, organization=organization),
            "form": form if may_grant else None,
        },
    )
