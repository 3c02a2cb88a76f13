"""What other apps put in a proposal's details (``Proposal.data``), by the label an officer
reads: a discipline proposal carries its case's number under ``case``. The apps register
their keys in ``ready()``; the proposal page names the rest by the proposal form's fields."""

from __future__ import annotations

from dangvien.core.registry import Registry
from dangvien.http.registry import Label

detail_labels: Registry[Label] = Registry("proposal detail labels")
