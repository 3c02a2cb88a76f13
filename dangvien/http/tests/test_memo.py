import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from dangvien.core.memo import in_read_memo
from dangvien.http.memo import ReadRequestMemoMiddleware


@pytest.mark.parametrize(
    ("method", "memo"), [("get", True), ("head", True), ("post", False), ("delete", False)]
)
def test_only_a_request_that_changes_nothing_reads_through_the_memo(method, memo):
    seen: list[bool] = []

    def view(request):
        seen.append(in_read_memo())
        return HttpResponse()

    ReadRequestMemoMiddleware(view)(getattr(RequestFactory(), method)("/"))
    assert seen == [memo]
    assert not in_read_memo()
