"""Organization page at a date and the forms that change the tree (one service each)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dangvien.accounts.scoping import can
from dangvien.accounts.types import Actor
from dangvien.audit.selectors import cached_for_reader
from dangvien.http.context import as_of_context, parse_as_of
from dangvien.http.registry import (
    PanelContext,
    organization_links,
    organization_panels,
    shown_links,
    shown_panels,
)
from dangvien.http.runner import run_service
from dangvien.organizations import forms as org_forms
from dangvien.organizations import services
from dangvien.organizations.models import Organization
from dangvien.organizations.permissions import OrganizationPermission
from dangvien.organizations.selectors import (
    organization_ancestors,
    organization_changes,
    organization_children,
    organization_get,
    organization_lookup,
    organization_names,
    organization_predecessors,
    organization_state,
    organization_versions,
    sibling_order,
)

CHANGE = OrganizationPermission.CHANGE


def org_url(organization: Organization, on: date | None = None) -> str:
    url = reverse("web:organization", args=[organization.code])
    return f"{url}?as_of={on.isoformat()}" if on else url


#: How many of an organization's latest changes its page shows (all with ``?history=all``).
HISTORY_SHOWN = 50


def children_html(actor: Actor, organization: Organization, on: date) -> tuple[int, str]:
    """How many sub-organizations ``organization`` has at ``on`` that ``actor`` sees, and
    their list items, kept until the next change (a province's hundreds, each a link that keeps
    the page's date and a kind, read and rendered at every view of its page)."""

    def render_children() -> tuple[int, str]:
        children = sorted(
            organization_children(organization, on=on, actor=actor), key=sibling_order
        )
        context = {"children": children} | as_of_context(on)
        return len(children), render_to_string("organizations/_children.html", context)

    key = f"children:{organization.pk}:{on}"
    count, html = cached_for_reader(key, actor, render_children)
    return count, mark_safe(html)


@login_required
@require_GET
def organization_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The organization at a date: its facts, sub-organizations and history; the other apps'
    links and panels (members, committee, statistics …) come from the registries."""
    actor = request.user
    on = parse_as_of(request)
    organization = organization_get(actor=actor, code=code)
    state = organization_state(organization, on=on)
    page = PanelContext(request=request, actor=actor, subject=organization, on=on, state=state)
    # a province's history holds the founding of each of its hundreds of sub-organizations:
    # the latest are shown, the whole on request
    history = organization_changes(actor=actor, organization=organization)
    history_total = history.count()
    whole_history = request.GET.get("history") == "all"
    changes = list(history if whole_history else history[:HISTORY_SHOWN])
    versions = list(organization_versions(organization))
    ancestors = organization_ancestors(organization, on=on)
    # an organization outside the reader's scope (a superior, the parent in the history) is
    # named, not linked: a cell's secretary followed the crumbs to "Không tìm thấy"
    viewable = {
        other.pk
        for other in [a.organization for a in ancestors]
        + [c.organization for c in changes]
        + [c.related_organization for c in changes if c.related_organization is not None]
        if can(actor, OrganizationPermission.VIEW, other)
    }
    names = organization_names(
        [organization.pk, organization.merged_into_id]
        + [c.organization_id for c in changes]
        + [c.related_organization_id for c in changes]
        + [v.parent_id for v in versions]
    )
    context = {
        "organization": organization,
        "state": state,
        "ancestors": ancestors,
        "viewable": viewable,
        "children": children_html(actor, organization, on),
        "changes": changes,
        "history_total": history_total,
        "versions": versions,
        "predecessors": organization_predecessors(organization),
        "names": names,
        "known_name": names.get(organization.pk, organization.code),
        "can_change": can(actor, CHANGE, organization),
        "link_groups": shown_links(organization_links, page),
        "panels": shown_panels(organization_panels, page),
    }
    return render(request, "organizations/detail.html", context)


def _change_page(
    request: HttpRequest,
    code: str,
    form_class: type[org_forms.OrganizationForm],
    call: Any,
    *,
    title: str,
    message: str,
    field_map: dict[str, str] | None = None,
    template: str = "web/form.html",
    formset_class: Any = None,
) -> HttpResponse:
    """Shared body of the change forms: scope, permission, form, one service call, render."""
    actor = request.user
    on = parse_as_of(request)
    organization = organization_get(actor=actor, code=code)
    if not can(actor, CHANGE, organization):
        raise PermissionDenied(CHANGE)
    state = organization_state(organization, on=on)
    initial: dict[str, Any] = {"effective_on": on}
    if state is not None:
        initial.update({"name": state.name, "kind": state.kind, "sector": state.sector})
    form = form_class(
        request.POST or None, actor=actor, organization=organization, on=on, initial=initial
    )
    formset = None
    if formset_class is not None:
        children = [
            (s.organization.code, f"{s.name} ({s.organization.code})")
            for s in organization_children(organization, on=on, actor=actor)
        ]
        formset = formset_class(
            request.POST or None, prefix="parts", form_kwargs={"children": children}
        )

    def success_url(result: Any) -> str:
        shown = result if isinstance(result, Organization) else organization
        return org_url(shown, form.cleaned_data["effective_on"])

    response = run_service(
        request,
        form,
        lambda data: call(actor, organization, form, data, formset),
        success_url=success_url,
        success_message=message,
        field_map=field_map,
        extra_valid=(formset.is_valid if formset is not None else None),
    )
    if response is not None:
        return response
    return render(
        request,
        template,
        {
            "organization": organization,
            "state": state,
            "form": form,
            "formset": formset,
            "title": title,
        },
    )


def _org(actor: Actor, code: str) -> Organization:
    return organization_get(actor=actor, code=code)


@login_required
def organization_create_child(request: HttpRequest, code: str) -> HttpResponse:
    def call(actor, organization, form, data, _formset):  # type: ignore[no-untyped-def]
        return services.organization_create(
            actor=actor,
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            sector=data["sector"],
            parent=organization,
            established_on=data["effective_on"],
            decision=form.decision(),
            note=data["note"],
        )

    return _change_page(
        request,
        code,
        org_forms.CreateChildForm,
        call,
        title=_("New sub-organization"),
        message=_("The organization was founded."),
        field_map={"established_on": "effective_on", "parent": "kind"},
    )


@login_required
def organization_rename_view(request: HttpRequest, code: str) -> HttpResponse:
    def call(actor, organization, form, data, _formset):  # type: ignore[no-untyped-def]
        return services.organization_rename(
            actor=actor,
            organization=organization,
            name=data["name"],
            effective_on=data["effective_on"],
            decision=form.decision(),
            note=data["note"],
        )

    return _change_page(
        request,
        code,
        org_forms.RenameForm,
        call,
        title=_("Rename"),
        message=_("The organization was renamed."),
    )


@login_required
def organization_reclassify_view(request: HttpRequest, code: str) -> HttpResponse:
    def call(actor, organization, form, data, _formset):  # type: ignore[no-untyped-def]
        return services.organization_reclassify(
            actor=actor,
            organization=organization,
            kind=data["kind"],
            sector=data["sector"],
            effective_on=data["effective_on"],
            decision=form.decision(),
            note=data["note"],
        )

    return _change_page(
        request,
        code,
        org_forms.ReclassifyForm,
        call,
        title=_("Change kind"),
        message=_("The kind was changed."),
        field_map={"parent": "kind"},
    )


@login_required
def organization_move_view(request: HttpRequest, code: str) -> HttpResponse:
    def call(actor, organization, form, data, _formset):  # type: ignore[no-untyped-def]
        return services.organization_move(
            actor=actor,
            organization=organization,
            new_parent=_org(actor, data["parent"]),
            effective_on=data["effective_on"],
            decision=form.decision(),
            note=data["note"],
        )

    return _change_page(
        request,
        code,
        org_forms.MoveForm,
        call,
        title=_("Move to another superior organization"),
        message=_("The organization was moved."),
        field_map={"new_parent": "parent"},
    )


@login_required
def organization_merge_view(request: HttpRequest, code: str) -> HttpResponse:
    def call(actor, organization, form, data, _formset):  # type: ignore[no-untyped-def]
        absorbed = [_org(actor, c) for c in data["absorbed"]]
        return services.organization_merge(
            actor=actor,
            absorbed=absorbed,
            survivor=organization,
            effective_on=data["effective_on"],
            decision=form.decision(),
            note=data["note"],
        )

    return _change_page(
        request,
        code,
        org_forms.MergeForm,
        call,
        title=_("Merge other organizations into this one"),
        message=_("The organizations were merged."),
        field_map={"survivor": "absorbed"},
    )


@login_required
def organization_split_view(request: HttpRequest, code: str) -> HttpResponse:
    def call(actor, organization, form, data, formset):  # type: ignore[no-untyped-def]
        parts = [
            services.SplitPart(
                code=part["code"],
                name=part["name"],
                kind=part["kind"],
                sector=part["sector"],
                children=[_org(actor, c) for c in part["children"]],
            )
            for part in formset.cleaned_data
            if part.get("code")
        ]
        services.organization_split(
            actor=actor,
            organization=organization,
            effective_on=data["effective_on"],
            parts=parts,
            decision=form.decision(),
            note=data["note"],
        )
        return organization

    return _change_page(
        request,
        code,
        org_forms.SplitForm,
        call,
        title=_("Split into several organizations"),
        message=_("The organization was split."),
        template="organizations/split.html",
        formset_class=org_forms.SplitPartFormSet,
    )


@login_required
def organization_dissolve_view(request: HttpRequest, code: str) -> HttpResponse:
    def call(actor, organization, form, data, _formset):  # type: ignore[no-untyped-def]
        return services.organization_dissolve(
            actor=actor,
            organization=organization,
            effective_on=data["effective_on"],
            decision=form.decision(),
            note=data["note"],
        )

    return _change_page(
        request,
        code,
        org_forms.DissolveForm,
        call,
        title=_("Dissolve"),
        message=_("The organization was dissolved."),
    )


@login_required
@require_GET
def organization_lookup_view(request: HttpRequest) -> JsonResponse:
    """The type-ahead of organization fields: ``?q=my an`` → ``[{code, name, parent}]``."""
    return JsonResponse(
        {"results": organization_lookup(search=request.GET.get("q", ""), on=parse_as_of(request))}
    )
