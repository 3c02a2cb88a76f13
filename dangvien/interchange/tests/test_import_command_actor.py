"""``dangvien import`` makes its system actor inside the import's transaction (issue 13, defect
10): a refused import, or a dry run, leaves no user behind."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dangvien.accounts.models import User
from dangvien.interchange.tests.test_import_bundle import _minimal

pytestmark = pytest.mark.django_db

SYSTEM = "dangvien-system"


def test_a_refused_import_leaves_no_system_user(tmp_path):
    """Regression: the refused import was rolled back, its system user was not."""
    _minimal(
        tmp_path / "b",
        org_rows=[["X-C3", "Chi bộ ấp 3", "cell", "residential", "NOPE", "2000-01-01", ""]],
    )
    with pytest.raises(CommandError):
        call_command("import", str(tmp_path / "b"))
    assert not User.objects.filter(username=SYSTEM).exists()


def test_a_dry_run_leaves_no_system_user(tmp_path):
    _minimal(tmp_path / "b")
    call_command("import", str(tmp_path / "b"), "--dry-run")
    assert not User.objects.filter(username=SYSTEM).exists()


def test_an_import_records_its_system_user(tmp_path):
    _minimal(tmp_path / "b")
    call_command("import", str(tmp_path / "b"))
    assert User.objects.filter(username=SYSTEM, is_superuser=True).exists()
