"""Counting ahead after a change (web.ahead): the large subtrees' readers find their home page's
parts and their dashboards kept."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from dangvien.audit.selectors import cached_for_reader, cached_until_write
from dangvien.core.dates import today
from dangvien.organizations.services import organization_rename
from dangvien.web import ahead
from dangvien.web.ahead import QUEUED, count_ahead, large_subtree_readers

pytestmark = pytest.mark.django_db


def _not_counted_again() -> object:
    raise AssertionError("counted again: not kept ahead")


def test_the_readers_of_a_province_or_more_are_counted_ahead(org_tree, make_actor, superuser):
    province_officer = make_actor("staff", org_tree.province)
    commune_officer = make_actor("staff", org_tree.commune)

    readers = set(large_subtree_readers())

    assert province_officer in readers
    assert superuser in readers
    assert commune_officer not in readers


def test_the_inbox_tree_and_dashboard_are_kept_for_the_next_request(org_tree, make_actor):
    from django.utils import translation

    officer = make_actor("staff", org_tree.province)
    on = today()

    counted = count_ahead()

    assert counted.readers >= 1
    with translation.override("vi"):
        # what the pages ask next comes from the cache (a computation would raise)
        cached_for_reader("inbox", officer, _not_counted_again)
        cached_for_reader(f"tree:{on}:", officer, _not_counted_again)
    # the dashboard's figures and series of a day are kept by the version of that day
    cached_until_write(f"figures:{org_tree.province.pk}:{on}", _not_counted_again, on=on)
    cached_until_write(f"charts:{org_tree.province.pk}:{on}", _not_counted_again, on=on)


def test_a_change_counts_again_what_it_made_stale(org_tree, make_actor, superuser):
    officer = make_actor("staff", org_tree.province)
    on = today()
    count_ahead()

    organization_rename(
        actor=superuser, organization=org_tree.commune, name="Đảng bộ xã Mỹ An mới", effective_on=on
    )
    with pytest.raises(AssertionError):  # the change made the kept figures stale
        cached_until_write(f"figures:{org_tree.province.pk}:{on}", _not_counted_again, on=on)
    count_ahead()

    cached_until_write(f"figures:{org_tree.province.pk}:{on}", _not_counted_again, on=on)
    assert officer.is_active


def test_changes_committed_meanwhile_queue_one_counting(
    org_tree, superuser, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.COUNT_AHEAD = True
    queued: list[object] = []
    # the worker's queue, seen from the receiver
    monkeypatch.setattr(
        "dangvien.web.tasks.count_ahead_task", SimpleNamespace(enqueue=lambda: queued.append(1))
    )

    with django_capture_on_commit_callbacks(execute=True):
        organization_rename(
            actor=superuser, organization=org_tree.cell_a, name="Chi bộ ấp 1", effective_on=today()
        )
    with django_capture_on_commit_callbacks(execute=True):
        organization_rename(
            actor=superuser, organization=org_tree.cell_b, name="Chi bộ ấp 2", effective_on=today()
        )

    assert queued == [1]  # the second change found a counting waiting
    cache.delete(QUEUED)  # the worker takes it
    with django_capture_on_commit_callbacks(execute=True):
        organization_rename(
            actor=superuser,
            organization=org_tree.sibling_commune,
            name="Xã 3",
            effective_on=today(),
        )
    assert queued == [1, 1]


def test_nothing_is_queued_when_counting_ahead_is_off(
    org_tree, superuser, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.COUNT_AHEAD = False
    monkeypatch.setattr(
        "dangvien.web.tasks.count_ahead_task",
        SimpleNamespace(enqueue=lambda: pytest.fail("queued")),
    )

    with django_capture_on_commit_callbacks(execute=True):
        organization_rename(
            actor=superuser, organization=org_tree.cell_a, name="Chi bộ ấp 1", effective_on=today()
        )

    assert ahead.QUEUED not in cache


def test_the_task_counts_and_lets_the_next_change_queue_again(org_tree, make_actor):
    from dangvien.web.tasks import count_ahead_task

    make_actor("staff", org_tree.province)
    cache.set(QUEUED, True)

    result = count_ahead_task.enqueue()  # inline in the tests (ImmediateBackend)

    assert result.return_value == {"readers": 2, "organizations": 1}
    assert QUEUED not in cache


def test_a_counting_that_could_not_be_queued_leaves_the_next_change_to_queue_it(
    org_tree, superuser, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.COUNT_AHEAD = True

    def locked() -> None:
        raise RuntimeError("database is locked")

    monkeypatch.setattr("dangvien.web.tasks.count_ahead_task", SimpleNamespace(enqueue=locked))
    with django_capture_on_commit_callbacks(execute=True):  # robust: logged, the change kept
        organization_rename(
            actor=superuser, organization=org_tree.cell_a, name="Chi bộ ấp 1", effective_on=today()
        )

    assert QUEUED not in cache
