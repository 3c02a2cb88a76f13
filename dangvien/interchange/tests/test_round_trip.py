from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from dangvien.accounts.models import User
from dangvien.committees.models import CommitteePost
from dangvien.core.dates import today
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.memo import read_memo
from dangvien.interchange.exporter import export_bundle
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.interchange.tests.thap_muoi import record_reform_and_history, write_thap_muoi_bundle
from dangvien.organizations.models import Organization
from dangvien.rules.seed import reseed_rulebook
from dangvien.statistics.selectors import statistics_for
from dangvien.targets.models import AdmissionTarget
from dangvien.targets.services import admission_target_set

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
    reseed_rulebook(apps)
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


def _import_into_an_empty_database(folder):
    """Empty the database (the rulebook is data: seeded again), then import ``folder``."""
    call_command("flush", interactive=False, verbosity=0)
    reseed_rulebook(apps)
    admin = User.objects.create_superuser("root-import", "import@x.vn", "x")
    try:
        return import_bundle(folder, actor=admin)
    except ImportFailed as error:
        raise AssertionError([str(p) for p in error.problems][:10]) from error


def _targets():
    return sorted(
        AdmissionTarget.objects.values_list(
            "organization__code",
            "kind",
            "period_from",
            "period_to",
            "admissions",
            "members_per_population_percent",
        )
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_year_target_accepted_by_the_web_form_survives_export_and_import(
    tmp_path, org_tree, superuser
):
    """Regression (issue 11, 6c): the export wrote no kind of period, the import made every
    target a term, and a year inside a term was refused as an overlap."""
    # given: a term target and, inside it, a year target set through the service the web form
    # (admissions/targets) calls
    admission_target_set(
        actor=superuser,
        organization=org_tree.district,
        period_from=date(2020, 7, 1),
        period_to=date(2025, 6, 30),
        admissions=500,
        members_per_population_percent=Decimal("3.85"),
    )
    admission_target_set(
        actor=superuser,
        organization=org_tree.district,
        period_from=date(2022, 1, 1),
        period_to=date(2022, 12, 31),
        admissions=110,
        kind="year",
    )
    admission_target_set(
        actor=superuser,
        organization=org_tree.commune,
        period_from=date(2022, 1, 1),
        period_to=date(2022, 12, 31),
        admissions=12,
        kind="year",
    )
    before = _targets()
    export_bundle(tmp_path / "export")
    # when
    _import_into_an_empty_database(tmp_path / "export")
    # then
    assert _targets() == before
    assert {kind for _code, kind, *_rest in before} == {"term", "year"}


# Before, at and after the dated history of the demo: the cell merge (2019), the split (2021),
# the 07/2025 reform, and today (when the suite runs).
DEMO_DATES = [date(2012, 12, 31), date(2019, 12, 31), date(2021, 6, 30), date(2025, 6, 30), today()]


def _every_statistics():
    """``statistics_for`` of every organization at each date of DEMO_DATES, keyed by code (the
    primary keys differ after an import); "absent" where the organization did not exist."""
    figures = {}
    # reads only: what a page's request keeps for its length, kept for the whole walk (the
    # organizations ended by a day, the rules in force …)
    with read_memo():
        for organization in Organization.objects.order_by("code"):
            for on in DEMO_DATES:
                try:
                    figures[(organization.code, on)] = statistics_for(organization, on)
                except ValidationFailed:
                    figures[(organization.code, on)] = "absent"
    return figures


def _posts():
    return sorted(
        CommitteePost.objects.values_list(
            "organization__code", "post", "person_name", "person_key", "held_from", "held_to"
        )
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_exported_and_imported_into_an_empty_database_gives_the_same_statistics(
    demo, tmp_path
):
    """Issue 11, 6: export → import into an empty database must work for every data set the
    product can hold, the demo included (it failed on committee posts of ended organizations).

    One test, in one database: the demo (built through the services, shared) is exported, the
    database emptied (``flush``; the rulebook, which is data, seeded again) and the bundle
    imported with ``dangvien import``. A second database through a subprocess would compare
    the CLI end to end but not run on the database of the suite (PostgreSQL in CI).
    """
    # given: the demo (built through the services)
    before = _every_statistics()
    posts, targets = _posts(), _targets()
    call_command("export", str(tmp_path / "demo"), stdout=StringIO())
    # when
    call_command("flush", interactive=False, verbosity=0)
    reseed_rulebook(apps)
    call_command("import", str(tmp_path / "demo"), stdout=StringIO())
    # then
    after = _every_statistics()
    assert len(after) == len(before) == 5 * Organization.objects.count()
    differing = [key for key in before if after.get(key) != before[key]]
    assert not differing, (
        differing[:5],
        [
            [
                (x, before[k][x], after[k].get(x))
                for x in before[k]
                if before[k][x] != after[k].get(x)
            ]
            for k in differing[:3]
        ],
    )
    assert sum(1 for figures in after.values() if figures != "absent") > 1000
    assert _posts() == posts
    assert _targets() == targets
