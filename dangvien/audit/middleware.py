"""Gives every request an id, exposed in the ``X-Request-ID`` response header."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from dangvien.audit.context import current_request_id, new_request_id


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = new_request_id()
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response
