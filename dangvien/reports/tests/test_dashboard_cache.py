"""The dashboard's figures are kept in the cache until the next audited write."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_dashboards_figures_are_kept_until_the_next_write(client, org_tree, superuser):
    from datetime import date

    from dangvien.members.tests.support import admit

    admit(superuser, org_tree.cell_a, admitted_on=date(2024, 1, 10))
    client.force_login(superuser)

    def total() -> int:
        response = client.get("/org/X-MA/dashboard/?as_of=2024-06-30")
        return response.context["figures"]["members"]["total"]

    assert total() == 1
    assert total() == 1  # served again (kept)
    # a member admitted with an earlier date: the figures of 30/06/2024 change at once
    admit(superuser, org_tree.cell_b, admitted_on=date(2024, 3, 1), name="Trần Văn Bình")
    assert total() == 2


def test_the_dashboards_documents_read_the_figures_the_page_kept(
    client, org_tree, superuser, monkeypatch
):
    from datetime import date

    from dangvien.members.tests.support import admit
    from dangvien.reports import selectors

    # given: the dashboard's figures of a day, counted by its page (the breakdowns counted)
    admit(superuser, org_tree.cell_a, admitted_on=date(2024, 1, 10))
    client.force_login(superuser)
    counted: list[date] = []
    real = selectors.member_breakdowns

    def member_breakdowns(root, on):
        counted.append(on)
        return real(root, on)

    monkeypatch.setattr(selectors, "member_breakdowns", member_breakdowns)
    assert client.get("/org/X-MA/dashboard/?as_of=2024-06-30").status_code == 200
    assert len(counted) == 1

    # when: its documents are downloaded
    for fmt in ("docx", "xlsx", "pdf"):
        assert client.get(f"/org/X-MA/dashboard/{fmt}/?as_of=2024-06-30").status_code == 200

    # then: they read the kept figures, nothing counted again
    assert len(counted) == 1
