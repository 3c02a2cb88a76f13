"""Log in (through ``login_authenticate``, which throttles) and log out."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangvien.core.exceptions import DomainError
from dangvien.users.forms import LoginForm
from dangvien.users.services import login_authenticate


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        try:
            user = login_authenticate(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            if user is None:
                form.add_error(None, _("The user name or password is not correct."))
            else:
                login(request, user)
                if not url_has_allowed_host_and_scheme(
                    next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
                ):
                    next_url = resolve_url(settings.LOGIN_REDIRECT_URL)
                return redirect(next_url)
    return render(request, "registration/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)
