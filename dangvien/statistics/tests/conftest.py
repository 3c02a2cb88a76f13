"""The Tháp Mười bundle imported once per test that asks for it; a background worker run by
the test."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.interchange.importer import import_bundle
from dangvien.interchange.tests.thap_muoi import write_thap_muoi_bundle

ON = date(2022, 4, 30)


@pytest.fixture
def thap_muoi(superuser, tmp_path):
    folder = tmp_path / "thap-muoi"
    folder.mkdir()
    write_thap_muoi_bundle(folder)
    import_bundle(folder, actor=superuser)
    from dangvien.organizations.models import Organization

    return {
        code: Organization.objects.get(code=code) for code in ("T-DT", "HU-TM", "TM-X01", "TM-X02")
    }


@pytest.fixture
def worker(settings):
    """A task backend that keeps what is queued without running it: the test is the worker
    (``run``)."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "pages"],
        }
    }
    from django_tasks import task_backends

    return task_backends["default"]


def run(worker, index=0):
    """Runs the ``index``-th task queued, as the background worker would."""
    result = worker.results[index]
    return result.task.call(*result.args, **result.kwargs)
