"""The member's portal (Sổ tay đảng viên): their own file, timeline and the sections other apps
contribute (meetings, fees, assessment …). Mobile first; nothing outside their own record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangvien.http.context import parse_as_of
from dangvien.http.registry import PanelContext, shown_panels
from dangvien.portal.registry import portal_sections
from dangvien.portal.selectors import own_member, own_record


@login_required
@require_GET
def portal_home(request: HttpRequest) -> HttpResponse:
    member = own_member(request.user)
    on = parse_as_of(request)  # the header's "xem tại ngày", as every page reads it
    page = PanelContext(request=request, actor=request.user, subject=member, on=on)
    return render(
        request,
        "portal/home.html",
        {"record": own_record(member, on), "sections": shown_panels(portal_sections, page)},
    )
