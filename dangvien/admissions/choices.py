"""Choices of the admission pipeline. Stored values are stable lowercase strings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CandidateKind(models.TextChoices):
    NEW = "new", _("New admission")
    READMISSION = "readmission", _("Re-admission")


class CandidateSource(models.TextChoices):
    YOUTH_UNION = "youth_union", _("Youth Union")
    TRADE_UNION = "trade_union", _("Trade union")
    WORKPLACE = "workplace", _("Workplace")
    RESIDENCE = "residence", _("Place of residence")


class UnionBody(models.TextChoices):
    """A mass organization whose resolution replaces one introducer."""

    YOUTH_UNION = "youth_union", _("Youth Union executive committee")
    TRADE_UNION = "trade_union", _("Trade union executive committee")


class Step(models.TextChoices):
    """Steps of the admission file, in order; a candidate's ``step`` is the last one done."""

    REGISTERED = "registered", _("Registered")
    COURSE = "course", _("Party-awareness course certificate")
    APPLICATION = "application", _("Application for admission")
    PERSONAL_HISTORY = "personal_history", _("Personal history form")
    VERIFICATION = "verification", _("Background verification")
    MASS_COMMENTS = "mass_comments", _("Comments of the mass organizations")
    RESIDENCE_COMMENTS = "residence_comments", _("Comments of the residence cell")
    INTRODUCTION = "introduction", _("Introducers' letters")
    CELL_VOTE = "cell_vote", _("Cell resolution")
    PROPOSAL = "proposal", _("Proposal of the grassroots committee")
    DECISION = "decision", _("Admission decision")
    CEREMONY = "ceremony", _("Admission ceremony")


STEP_ORDER: list[str] = list(Step.values)
DOCUMENT_STEPS: list[str] = STEP_ORDER[1 : STEP_ORDER.index(Step.CELL_VOTE)]


class CandidateStatus(models.TextChoices):
    ACTIVE = "active", _("In the pipeline")
    PROBATION = "probation", _("Probationary member")
    RECOGNISED = "recognised", _("Recognised as official")
    REMOVED = "removed", _("Removed during probation")
    WITHDRAWN = "withdrawn", pgettext_lazy("candidate", "Withdrawn")


class CheckStatus(models.TextChoices):
    PASSED = "passed", _("passed")
    MISSING = "missing", _("missing")
    FAILED = "failed", pgettext_lazy("admission check", "failed")
