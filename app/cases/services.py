"""Case verbs other than status changes (those go through app/cases/workflow.py)."""
from __future__ import annotations

from app.extensions import db
from app.models import Case, CaseComment, User
from app.text import nfc


def add_comment(case: Case, author: User, body: str, step: str | None = None) -> CaseComment:
    """A review comment, optionally tied to one wizard step; flushes."""
    comment = CaseComment(case=case, author=author, body=nfc(body.strip()), step=step)
    db.session.add(comment)
    db.session.flush()
    return comment


def resolve_comments(case: Case) -> None:
    """Open comments count as answered once the case is submitted again (they stay in the record)."""
    for comment in case.comments:
        comment.resolved = True
    db.session.flush()
