"""A finding of the pre-check: what was found, how serious, why, on what legal ground, what to do."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from flask_babel import gettext as _

from app.marks.data import rows
from app.marks.scoring import HIGH, LOW, MEDIUM, Scores

RISK_ORDER = {HIGH: 0, MEDIUM: 1, LOW: 2}


def risk_title(risk: str) -> str:
    """cao / trung bình / thấp."""
    return {HIGH: _("high"), MEDIUM: _("medium"), LOW: _("low")}[risk]


@lru_cache(maxsize=1)
def grounds() -> dict[str, tuple[str, bool]]:
    """{kind: (citation, confirmed)} from app/data/mark_grounds.csv."""
    return {row["code"]: (row["citation"], row["confirmed"] == "1") for row in rows("mark_grounds")}


@dataclass
class Finding:
    """One thing the check found; `ground_code` names its legal ground in mark_grounds.csv."""

    kind: str
    term: str
    risk: str
    reason: str
    advice: str
    ground_code: str
    number: str | None = None
    classes: list[int] = field(default_factory=list)
    scores: Scores | None = None
    owner: str | None = None
    status: str | None = None

    @property
    def ground(self) -> str:
        return grounds()[self.ground_code][0]

    @property
    def ground_confirmed(self) -> bool:
        return grounds()[self.ground_code][1]

    @property
    def sort_key(self) -> tuple:
        """Most serious first, then the closest earlier mark."""
        return RISK_ORDER[self.risk], -(self.scores.risk_score if self.scores else 100), self.term

    def as_dict(self) -> dict:
        """The finding as the JSON answer and the stored check give it."""
        return {"kind": self.kind, "term": self.term, "number": self.number, "classes": self.classes,
                "scores": self.scores.as_dict() if self.scores else None,
                "risk_score": self.scores.risk_score if self.scores else None,
                "risk": self.risk, "risk_title": risk_title(self.risk), "reason": self.reason,
                "ground": self.ground, "ground_confirmed": self.ground_confirmed, "advice": self.advice,
                "owner": self.owner, "status": self.status}
