"""The pre-check as verbs: check a sign for classes as a user may see it, and keep a case's latest check."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app import audit, clock
from app.extensions import db
from app.marks.absolute import absolute_findings, generic_words
from app.marks.findings import Finding
from app.marks.relative import case_mark, logo_fingerprint, register_findings, system_findings
from app.models import Case, MarkCheck, ProtectedIndication, Role, StoredFile, User
from app.text import nfc

#: longest sign checked: the register's mark column
MAX_TEXT = 500
#: said once wherever findings are shown
DISCLAIMER = _l("This is a pre-check to help you choose a sign before paying fees, not a legal opinion: "
                "the IP office examines every application and may decide otherwise.")


def check(text: str, classes: list[int], user: User, case: Case | None = None,
          image: StoredFile | None = None) -> list[Finding]:
    """Every finding for a sign and its classes (and its logo, compared with the logos of the cases on
    file), most serious first. A producer's own organization's marks are not earlier rights against
    it, and it never learns who owns another case's mark."""
    text = (text or "")[:MAX_TEXT]
    if not text.strip():
        return []
    generic = generic_words(classes)
    producer = user.role == Role.PRODUCER
    own = case.organization_id if case is not None else (user.organization_id if producer else None)
    found = absolute_findings(text, classes) + register_findings(text, classes, generic)
    found += system_findings(text, classes, generic, exclude_organization=own, show_owner=not producer,
                             logo=logo_fingerprint(image))
    return sorted(found, key=lambda finding: finding.sort_key)


def check_case(case: Case, user: User) -> list[Finding]:
    """Check a case's saved mark and classes, and keep the result as the case's latest check."""
    text, classes = case_mark(case)
    findings = check(text, classes, user, case, case.current_file("mark_image"))
    record = latest_check(case) or _new_check(case)
    record.text, record.nice_classes = text[:MAX_TEXT], ",".join(str(c) for c in classes)
    record.findings = [finding.as_dict() for finding in findings]
    record.checked_at, record.checked_by_id = clock.now(), user.id
    db.session.flush()
    return findings


def _new_check(case: Case) -> MarkCheck:
    """The case's first check row; when another request (the goods step saved at the same time as the
    mark step) created it meanwhile, that one."""
    try:
        with db.session.begin_nested():
            record = MarkCheck(case_id=case.id, text="")
            db.session.add(record)
        return record
    except IntegrityError:
        return latest_check(case)


def latest_check(case: Case) -> MarkCheck | None:
    """The case's latest stored check, if any."""
    return db.session.scalar(sa.select(MarkCheck).where(MarkCheck.case_id == case.id))


def save_indication(indication: ProtectedIndication | None, fields: dict, actor: User) -> ProtectedIndication:
    """Add or correct a protected geographical indication, audited like every legal figure; flushes."""
    creating = indication is None
    if creating:
        indication = ProtectedIndication()
        db.session.add(indication)
    before = None if creating else audit.snapshot(indication, fields.keys())
    for name, value in fields.items():
        setattr(indication, name, nfc(value) if isinstance(value, str) else value)
    audit.record_change(indication, "create" if creating else "update", actor, before)
    return indication
