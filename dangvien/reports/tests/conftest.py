"""The Tháp Mười bundle (4.541 members at 30/04/2022), imported once per module.

The import takes a few seconds, so it runs once per test module inside a transaction that is
rolled back at the end of the module; each test then runs in its own savepoint.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction

from dangvien.accounts.models import User
from dangvien.organizations.models import Organization


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def thap_muoi(
    django_db_setup: None,
    django_db_blocker: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Organization]:
    from dangvien.interchange.importer import import_bundle
    from dangvien.interchange.tests.thap_muoi import write_thap_muoi_bundle

    folder: Path = tmp_path_factory.mktemp("bundle")
    write_thap_muoi_bundle(folder)
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                admin = User.objects.create_superuser(
                    "bundle-admin", "b@example.vn", "bundle-pass-123", full_name="Nhập liệu"
                )
                import_bundle(folder, actor=admin)
                yield Organization.objects.get(code="HU-TM")
                raise _Rollback
        except _Rollback:
            pass
