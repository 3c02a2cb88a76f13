"""The Tháp Mười bundle imported once per test that asks for it."""

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
