"""Relative grounds: earlier marks the sign may be confused with.

Two sources: the register of earlier marks DOST imports (found by their indexed lookup keys, then
scored), and the marks of this system's other cases once filed or granted. A producer never sees
another organization's draft, nor its name: only the wording, number, classes and status of a mark
the IP office has on file; staff also see whose it is.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app.documents.storage import StorageError, stored_path
from app.extensions import db
from app.marks.data import setting
from app.marks.findings import Finding
from app.marks.images import fingerprint, image_score
from app.marks.normalize import folded, without, words
from app.marks.phonetics import syllable_key
from app.marks.scoring import Scores, compare
from app.models import Case, CaseKind, CaseStatus, EarlierMark, EarlierMarkKey, NiceTerm, StoredFile
from app.models.case import PENDING_AT_OFFICE

#: the cases whose mark the IP office has on file (filed, or granted and in force)
ON_FILE = PENDING_AT_OFFICE | {CaseStatus.GRANTED}
MARK_KINDS = (CaseKind.TRADEMARK, CaseKind.COLLECTIVE, CaseKind.CERTIFICATION)
#: letters of the folded sign, spaces left out, that make a lookup key: finds "Vinamil" for "Vinamilk"
PREFIX = 4


def lookup_keys(text_words: list[str]) -> set[str]:
    """The keys a mark is found by: each word's sound key, and the first letters (folded) of each
    long word and of the whole sign written together."""
    keys = {"s:" + syllable_key(word) for word in text_words}
    folded_words = [folded(word) for word in text_words]
    for letters in folded_words + ["".join(folded_words)]:
        if len(letters) >= PREFIX:
            keys.add("p:" + letters[:PREFIX])
    return {key[:60] for key in keys}


def _register_candidates(text: str, generic: frozenset[str]) -> list[EarlierMark]:
    """The earlier marks sharing most keys with the sign's distinctive words (all its words when
    every one is generic), at most `candidate_limit`."""
    text_words = words(text)
    keys = lookup_keys(without(text_words, generic) or text_words)
    if not keys:
        return []
    shared = sa.func.count().label("shared")
    best = (sa.select(EarlierMarkKey.mark_id, shared).where(EarlierMarkKey.key.in_(keys))
            .group_by(EarlierMarkKey.mark_id).order_by(shared.desc()).limit(int(setting("candidate_limit")))
            .subquery())
    return list(db.session.scalars(sa.select(EarlierMark).join(best, best.c.mark_id == EarlierMark.id)))


def _mark_finding(kind: str, term: str, scores: Scores, **details) -> Finding:
    if kind == "system_mark":
        reason = _("An application of another organization in this system, already filed, looks or sounds "
                   "alike (scores by aspect below).")
    else:
        reason = _("An earlier mark in the register looks or sounds alike (scores by aspect below).")
    advice = _("Change the sign so it no longer looks or sounds like “%(term)s”, or narrow the goods; "
               "ask DOST to search the IP office's database before filing.", term=term)
    return Finding(kind, term, scores.risk, reason, advice, "earlier_mark", scores=scores, **details)


def register_findings(text: str, classes: list[int], generic: frozenset[str]) -> list[Finding]:
    """Findings from the register of earlier marks."""
    found = []
    for mark in _register_candidates(text, generic):
        scores = compare(text, mark.mark_text, classes, mark.classes, generic)
        if scores.risk:
            found.append(_mark_finding("earlier_mark", mark.mark_text, scores, number=mark.number,
                                       classes=mark.classes, owner=mark.owner, status=mark.status))
    return found


def case_mark(case: Case) -> tuple[str, list[int]]:
    """The wording typed on a case's mark step and the classes of its goods step."""
    mark, goods = case.step("mark"), case.step("goods")
    text = ((mark.data.get("wording") or [""])[0] if mark else "") or ""
    if goods is None:
        return text, []
    term_ids = [int(i) for i in goods.data.get("terms", []) if str(i).isdigit()]
    classes = set(db.session.scalars(sa.select(NiceTerm.nice_class).where(NiceTerm.id.in_(term_ids)))) if term_ids \
        else set()
    classes |= {int(v[0]) for k, v in goods.data.items()
                if k.endswith("-nice_class") and v and str(v[0]).isdigit() and 1 <= int(v[0]) <= 45}
    return text, sorted(classes)


def logo_fingerprint(stored: StoredFile | None) -> tuple | None:
    """The fingerprint of an uploaded logo (app/marks/images.py), None without one or if it is unreadable."""
    if stored is None:
        return None
    try:
        return fingerprint(stored_path(stored), stored.sha256)
    except (OSError, StorageError, ValueError):
        return None


def system_findings(text: str, classes: list[int], generic: frozenset[str], *, exclude_organization: int | None,
                    show_owner: bool, logo: tuple | None = None) -> list[Finding]:
    """Findings from the marks of other organizations' cases on file at the IP office; with a logo,
    theirs are compared too."""
    query = sa.select(Case).where(Case.kind.in_(MARK_KINDS), Case.status.in_(ON_FILE))
    if exclude_organization is not None:
        query = query.where(Case.organization_id != exclude_organization)
    found = []
    for case in db.session.scalars(query):
        earlier, earlier_classes = case_mark(case)
        if not earlier.strip():
            continue
        theirs = logo_fingerprint(case.current_file("mark_image")) if logo else None
        image = image_score(logo, theirs) if logo and theirs else None
        scores = compare(text, earlier, classes, earlier_classes, generic, image)
        if scores.risk:
            found.append(_mark_finding("system_mark", earlier, scores,
                                       number=case.certificate_number or case.application_number,
                                       classes=earlier_classes, status=case.status.title,
                                       owner=case.organization.name if show_owner else None))
    return found
