"""Who proposes and who decides: the competence of a decision kind, as plain values.

The rulebook holds one rule per kind (``competence.<kind>``), effective-dated with its source:

    {"proposer": "cell", "decider": "above_grassroots", "authorised": "grassroots",
     "vote": {"num": 2, "den": 3}, "vote_strict": false,
     "deadline": "recognition.decision_deadline_working_days",
     "extension": "admission.decision_extension_max_working_days"}

* ``proposer``: the level whose vote and proposal start the decision; ``null`` when the deciding
  body acts on its own (a cell deciding an exemption).
* ``decider``: the level whose body decides; ``authorised``: a level that decides instead when a
  dated authorisation of that organization is in force (a đảng ủy cơ sở authorised to admit);
  ``authorised_by``: the kind of that authorisation when it is not the decision's own kind (an
  authorisation to admit also gives recognition and expulsion: Điều lệ Điều 36 khoản 2).
* ``vote``: the share of the official members convened that must agree to the proposal
  (``vote_strict``: more than that share, as "trên một nửa").
* ``deadline`` / ``extension``: the keys of the rules giving the working days the deciding body
  has from the proposal, and the longest extension (the rulebook keeps one copy of each).

The functions here take plain values (the chain of organizations above the member on the day)
so that services, checklists and the bulk import give the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from dangvien.competence.choices import DecisionKind, Level

GRASSROOTS_KINDS = frozenset({"grassroots_committee", "grassroots_cell"})


@dataclass(frozen=True)
class Competence:
    kind: str
    decider: str
    proposer: str | None = None
    authorised: str | None = None
    authorised_by: str | None = None
    vote: Fraction | None = None
    vote_strict: bool = False
    deadline_rule: str | None = None
    extension_rule: str | None = None
    # the level that decides instead when the decision concerns another organization outside
    # the decider level's subtree (an official transfer out of the commune: §2.9)
    decider_outside: str | None = None

    @property
    def authorisation_kind(self) -> str:
        """The kind of authorisation that lets the ``authorised`` level decide."""
        return self.authorised_by or self.kind

    def vote_passes(self, votes_for: int, convened: int) -> bool:
        """Whether ``votes_for`` of ``convened`` official members meet the share required."""
        if self.vote is None:
            return True
        if convened <= 0:
            return False
        needed = self.vote * convened
        return votes_for > needed if self.vote_strict else votes_for >= needed


def parse_competence(kind: str, value: Any) -> Competence:
    vote = value.get("vote")
    return Competence(
        kind=kind,
        decider=str(value["decider"]),
        proposer=value.get("proposer"),
        authorised=value.get("authorised"),
        authorised_by=value.get("authorised_by"),
        vote=Fraction(int(vote["num"]), int(vote["den"])) if vote else None,
        vote_strict=bool(value.get("vote_strict", False)),
        deadline_rule=value.get("deadline"),
        extension_rule=value.get("extension"),
        decider_outside=value.get("decider_outside"),
    )


@dataclass(frozen=True)
class Link:
    """One organization of the chain from the root down to the member's organization."""

    organization_id: int
    kind: str


def body_at_level(level: str, chain: list[Link]) -> int | None:
    """The organization that is ``level`` for a member whose organization ends ``chain``
    (root first); ``None`` when the tree has no such level there."""
    if not chain:
        return None
    if level == Level.CELL:
        return chain[-1].organization_id
    grassroots = next(
        (i for i in range(len(chain) - 1, -1, -1) if chain[i].kind in GRASSROOTS_KINDS), None
    )
    if level == Level.GRASSROOTS:
        return chain[grassroots].organization_id if grassroots is not None else None
    if level == Level.ABOVE_GRASSROOTS:
        if grassroots is None or grassroots == 0:
            return None
        return chain[grassroots - 1].organization_id
    if level == Level.PROVINCIAL:
        provincial = next((link for link in chain if link.kind == "provincial"), None)
        return (provincial or chain[0]).organization_id
    raise ValueError(f"unknown level {level!r}")


def deciding_body(
    competence: Competence,
    chain: list[Link],
    authorised_ids: frozenset[int],
    target_chain: list[Link] | None = None,
) -> int | None:
    """The organization that decides: the authorised level when it holds an authorisation
    for the kind on the day (``authorised_ids``), else the decider level; when the decision
    concerns another organization (``target_chain``) outside the decider's subtree and the
    rule names a ``decider_outside`` level, that level."""
    if competence.decider_outside and target_chain is not None:
        inside = body_at_level(competence.decider, chain)
        if inside is not None and inside not in {link.organization_id for link in target_chain}:
            return body_at_level(competence.decider_outside, chain)
    if competence.authorised:
        candidate = body_at_level(competence.authorised, chain)
        if candidate is not None and candidate in authorised_ids:
            return candidate
    return body_at_level(competence.decider, chain)


ALL_KINDS = tuple(DecisionKind.values)
