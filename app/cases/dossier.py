"""The PDF dossier of a case: plain data in, one stored PDF per distinct content out.

The dossier is rendered from templates/pdf/ by app/documents/pdf.py. Its data is
hashed; asking again for an unchanged case serves the stored file instead of
rendering anew.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date

import sqlalchemy as sa

from flask_babel import force_locale

from app.documents import pdf, storage
from app.extensions import db
from app.i18n import LOCAL_TZ, format_date_vn, format_datetime_vn, format_vnd
from app.models import Case, CaseStatus, FeeRate, FilePurpose, FormVersion, GeneratedDocument, NiceTerm, utcnow
from app.wizard.summary import case_summary

KIND = "dossier"
#: bump when the dossier templates change, so stored PDFs are not served for new layouts
LAYOUT_VERSION = "1"
#: statuses before DOST's approval: every page of their dossier says "BẢN NHÁP"
DRAFT_STATUSES = frozenset({CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.CHANGES_REQUESTED})


def reference(case: Case) -> str:
    """The case's reference printed on the dossier, e.g. OCOP-000012."""
    return f"OCOP-{case.id:06d}"


def form_version_for(case: Case, on: date) -> FormVersion | None:
    """The official declaration form in force on a date for the case's kind (data, admin-editable)."""
    return db.session.scalar(
        sa.select(FormVersion)
        .where(FormVersion.case_kind == case.kind, FormVersion.active.is_(True),
               FormVersion.effective_from <= on,
               sa.or_(FormVersion.effective_to.is_(None), FormVersion.effective_to >= on))
        .order_by(FormVersion.effective_from.desc())
    )


def dossier_context(case: Case) -> dict:
    """Everything the dossier templates print, as plain, already formatted data."""
    today = today_in_vietnam()
    summary = case_summary(case)
    form = form_version_for(case, today)
    fees = summary["fees"]
    image = case.current_file(FilePurpose.MARK_IMAGE)
    priority = summary["priority"]
    return {
        "draft": case.status in DRAFT_STATUSES,
        "reference": reference(case),
        "status_title": str(summary["status_title"]),
        "kind_title": str(summary["kind_title"]),
        "mark_type": summary["mark_type"],
        "form": {"number": form.form_number, "title": form.form_title, "legal_basis": form.legal_basis,
                 "confirmed": form.confirmed} if form else None,
        "applicant": summary["applicant"],
        "products": summary["products"],
        "mark": summary["mark"],
        "image": {**summary["image"], "url": pdf.file_url(image)} if image and summary["image"] else None,
        "goods": summary["goods"],
        "class_count": len(summary["goods"]),
        "item_count": sum(g["count"] for g in summary["goods"]),
        "priority": {**priority, "date": format_date_vn(priority["date"])} if priority else None,
        "representative": summary["representative"],
        "fees": {
            "filing": [{"title": l.title, "quantity": l.quantity, "unit_amount": format_vnd(l.unit_amount, "vi"),
                        "amount": format_vnd(l.amount, "vi"), "confirmed": l.confirmed, "legal_basis": l.legal_basis}
                       for l in fees.filing_lines],
            "filing_total": format_vnd(fees.filing_total, "vi"),
            "grant": [{"title": l.title, "quantity": l.quantity, "amount": format_vnd(l.amount, "vi"),
                       "confirmed": l.confirmed} for l in fees.grant_lines],
            "grant_total": format_vnd(fees.grant_total, "vi"),
            "has_unconfirmed": fees.has_unconfirmed,
        },
        "documents": [{"title": str(d["title"]), "attached": d["attached"], "note": str(d.get("note") or "")}
                      for d in summary["documents"]],
        "missing": [{"step_title": m["step_title"], "messages": [str(x) for x in m["messages"]]} for m in summary["missing"]],
        "signatory": summary["signatory"],
        "today": today,
        "generated_on": format_date_vn(today),
        "history": [{"status": str(e.to_status.title), "at": format_datetime_vn(e.created_at),
                     "note": e.note or ""} for e in case.events],
    }


def fingerprint(case: Case, files) -> str:
    """A key for everything the dossier is made from, read cheaply (versions, stamps, counts) so
    that serving a stored dossier does not rebuild its content. Any change gives a new key."""
    reference = db.session.execute(sa.select(
        sa.select(sa.func.max(FeeRate.updated_at)).scalar_subquery(),
        sa.select(sa.func.count(FeeRate.id)).scalar_subquery(),
        sa.select(sa.func.max(FormVersion.updated_at)).scalar_subquery(),
        sa.select(sa.func.count(FormVersion.id)).scalar_subquery(),
        sa.select(sa.func.max(NiceTerm.updated_at)).scalar_subquery(),
        sa.select(sa.func.count(NiceTerm.id)).scalar_subquery(),
    )).one()
    payload = {
        "layout": LAYOUT_VERSION,
        "today": today_in_vietnam().isoformat(),  # the place-and-date line
        "case": [case.status.value, case.version, case.updated_at.isoformat()],
        "steps": sorted((step.name, step.version) for step in case.steps),
        "events": [len(case.events), max((e.id for e in case.events), default=0)],
        "products": sorted((p.id, p.updated_at.isoformat()) for p in case.products),
        "files": sorted(f.sha256 for f in files),
        "reference": [str(value) for value in reference],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def today_in_vietnam():
    return utcnow().astimezone(LOCAL_TZ).date()


def get_dossier(case: Case) -> tuple[GeneratedDocument, bool]:
    """The stored dossier for the case's current data, rendering it if needed; (document, rendered_now)."""
    files = [f for f in (case.current_file(FilePurpose.MARK_IMAGE),) if f is not None]
    data_hash = fingerprint(case, files)
    existing = storage.find_generated(case, KIND, data_hash)  # None too if its file was lost
    if existing is not None:
        return existing, False
    with force_locale("vi"):  # the dossier is filed in Vietnamese, whatever the user's UI language
        context = dossier_context(case)
        content = pdf.render_pdf("pdf/trademark_dossier.html", allowed_files=files, **context)
    return storage.save_generated(case, KIND, data_hash, content), True
