from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command

from dangvien.accounts.models import User
from dangvien.interchange.exporter import export_bundle
from dangvien.interchange.importer import import_bundle
from dangvien.interchange.tests.thap_muoi import record_reform_and_history, write_thap_muoi_bundle
from dangvien.organizations.models import Organization
from dangvien.rules.seed import load_initial_rules
from dangvien.statistics.selectors import statistics_for

DATES = [
    date(2019, 12, 31),
    date(2022, 4, 30),
    date(2025, 6, 30),
    date(2025, 7, 1),
    date(2026, 11, 1),
]


def _figures() -> dict:
    roots = Organization.objects.filter(
        code__in=["HU-TM", "T-DT", "DT25-X", "TM-X01", "CL-X01-C001"]
    )
    result = {}
    for root in roots:
        for on in DATES:
            try:
                result[(root.code, on)] = statistics_for(root, on)
            except Exception as error:
                result[(root.code, on)] = type(error).__name__
    return result


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_export_then_import_into_an_empty_database_gives_the_same_statistics(tmp_path):
    # given: the Tháp Mười bundle, then a reform and other history recorded through the services
    admin = User.objects.create_superuser("root", "r@x.vn", "x")
    bundle = tmp_path / "tm"
    write_thap_muoi_bundle(bundle)
    import_bundle(bundle, actor=admin)
    record_reform_and_history(admin)
    before = _figures()
    export_bundle(tmp_path / "export")
    # when: the database is emptied and the export imported
    call_command("flush", interactive=False, verbosity=0)
    load_initial_rules(apps, None)
    try:
        import_bundle(
            tmp_path / "export", actor=User.objects.create_superuser("root2", "r2@x.vn", "x")
        )
    except Exception as error:
        raise AssertionError([str(p) for p in getattr(error, "problems", [])][:5]) from error
    # then
    after = _figures()
    assert after == before
    assert any(isinstance(v, dict) and v["members"]["total"] for v in after.values())
