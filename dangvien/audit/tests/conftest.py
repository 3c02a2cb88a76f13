"""Fixtures of the audit log tests: the cell of the decisions' tests (three official members,
one exempted, and one probationary), for events written by the services of the areas."""

# the same cell as the decisions' and discipline's tests
from dangvien.decisions.tests.conftest import cell  # noqa: F401
