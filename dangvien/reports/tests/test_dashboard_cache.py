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
