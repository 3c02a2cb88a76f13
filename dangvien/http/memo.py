"""Opens the read memo (``core.memo``) for the requests that change nothing."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from dangvien.core.memo import read_memo

READ_METHODS = frozenset({"GET", "HEAD"})


class ReadRequestMemoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in READ_METHODS:
            return self.get_response(request)
        with read_memo():
            return self.get_response(request)
