"""``organization_tree``: the levels read, and whether each node opens further."""

import pytest

from dangvien.organizations.selectors import organization_tree

pytestmark = pytest.mark.django_db


def _codes(nodes):
    return sorted(node.organization.code for node in nodes)


def test_a_shallow_tree_knows_which_nodes_open_further(org_tree, superuser):
    # when: the province and its districts only
    roots = organization_tree(actor=superuser, max_depth=1)
    # then: the districts hold communes, which are not read
    (province,) = roots
    assert province.has_children
    assert _codes(province.children) == ["HU-CL", "HU-TM"]
    assert all(d.has_children and d.children == [] for d in province.children)


def test_a_leaf_of_a_shallow_tree_does_not_open(org_tree, make_actor):
    # given: an officer of the commune, whose cells hold no organization
    officer = make_actor("staff", org_tree.commune)
    # when
    (commune,) = organization_tree(actor=officer, max_depth=1)
    # then
    assert _codes(commune.children) == ["CB-A", "CB-B"]
    assert not any(cell.has_children for cell in commune.children)


def test_a_whole_tree_knows_its_children(org_tree, superuser):
    # when
    (province,) = organization_tree(actor=superuser)
    # then
    district = next(d for d in province.children if d.organization == org_tree.district)
    (commune,) = district.children
    assert district.has_children and commune.has_children
    assert not any(cell.has_children for cell in commune.children)
