"""The PDF dossier of a case, and each of its documents alone: plain data in, one stored PDF
per distinct content out.

The dossier is rendered from templates/pdf/ by app/documents/pdf.py, one template per
kind of case (TEMPLATES), each composed of the documents in templates/pdf/parts/.
Those documents that can be filed or checked on their own (PARTS: the regulation on
use, the members list, the explanation of characteristics, the GI description, the
map) also render alone through templates/pdf/part.html. Their data is hashed; asking
again for an unchanged case serves the stored file instead of rendering anew.

A map uploaded as a PDF cannot be drawn by WeasyPrint: its pages are appended,
as they are, after the rendered pages (app/documents/pdf_pages.py). The map is
always the last document of a dossier, so they follow its title page.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app import clock
from app.documents import pdf, pdf_pages, storage
from app.extensions import db
from app.fees.services import FeeEstimate
from app.i18n import format_date_vn, format_datetime_vn, format_vnd
from app.models import (
    Case,
    CaseKind,
    FeeRate,
    FilePurpose,
    FormVersion,
    GeneratedDocument,
    NiceTerm,
    StoredFile,
)
from app.wizard.summary import case_summary

KIND = "dossier"
#: bump when the dossier templates change, so stored PDFs are not served for new layouts
LAYOUT_VERSION = "2"

#: the whole dossier of each kind of case
TEMPLATES = {
    CaseKind.TRADEMARK: "pdf/trademark_dossier.html",
    CaseKind.COLLECTIVE: "pdf/collective_dossier.html",
    CaseKind.CERTIFICATION: "pdf/certification_dossier.html",
    CaseKind.GI: "pdf/gi_dossier.html",
}
#: one document of the dossier alone (templates/pdf/parts/_<name>.html inside it)
PART_TEMPLATE = "pdf/part.html"
#: the documents that can be downloaded alone, in dossier order, with their titles on the case page
PART_TITLES = {
    "regulation": _l("Regulation on use"),
    "members": _l("List of members"),
    "characteristics": _l("Explanation of the special characteristics"),
    "description": _l("Description of the geographical indication"),
    "map": _l("Map of the area"),
}
PARTS = tuple(PART_TITLES)
#: the summary (or context) key whose data each part prints
PART_DATA = {"regulation": "regulation", "members": "members", "characteristics": "characteristics",
             "description": "gi_description", "map": "map"}
#: the one-page stamp drawn over appended PDF pages of a draft (they have no watermark of their own)
DRAFT_STAMP_TEMPLATE = "pdf/_draft_stamp.html"


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


class UnknownPart(LookupError):
    """A document this case's dossier does not have (for its kind, or not yet)."""


def available_parts(data: dict) -> list[str]:
    """The documents of PARTS that can be downloaded alone, from a case summary or a dossier context.

    A part is offered when the summary lists it in "parts" and there is something to
    print in it; a summary without "parts" (older code) offers what has data.
    """
    listed = data.get("parts")
    return [name for name in PARTS
            if (listed is None or name in listed) and data.get(PART_DATA[name])]


def map_file(case: Case, summary: dict) -> StoredFile | None:
    """The uploaded map, if the case's kind and answers call for one (a stale upload is not printed)."""
    return case.current_file(FilePurpose.MAP) if summary.get("map") else None


def _map_context(stored: StoredFile | None, summary: dict) -> dict | None:
    if stored is None:
        return None
    is_pdf = stored.content_type == "application/pdf"
    return {
        "url": None if is_pdf else pdf.file_url(stored),
        "is_pdf": is_pdf,
        "content_type": stored.content_type,
        "original_name": stored.original_name,
        "page_count": pdf_pages.page_count(storage.stored_path(stored)) if is_pdf else None,
        "landscape": bool(stored.width_px and stored.height_px and stored.width_px > stored.height_px),
        # what the map shows: the GI's name, else the mark's wording
        "subject": (summary.get("gi") or {}).get("name") or ((summary.get("mark") or {}).get("wording") or ""),
    }


def dossier_context(case: Case) -> dict:
    """Everything the dossier templates print, as plain, already formatted data."""
    today = clock.today()
    summary = case_summary(case)
    # the form in force on the filing date: the recorded one, else today's (a draft is filed as prepared)
    filing_date = case.filing_date or today
    form = form_version_for(case, filing_date)
    image = case.current_file(FilePurpose.MARK_IMAGE)
    priority = summary["priority"]
    context = {
        "draft": case.status.before_approval,
        "reference": reference(case),
        "status_title": str(summary["status_title"]),
        "kind_title": str(summary["kind_title"]),
        "mark_type": summary["mark_type"],
        "form": {"number": form.form_number, "title": form.form_title, "legal_basis": form.legal_basis,
                 "confirmed": form.confirmed, "applies_on": format_date_vn(filing_date)} if form else None,
        "applicant": summary["applicant"],
        "products": summary["products"],
        "mark": summary["mark"],
        "image": {**summary["image"], "url": pdf.file_url(image)} if image and summary["image"] else None,
        "goods": summary["goods"],
        "class_count": len(summary["goods"]),
        "item_count": sum(g["count"] for g in summary["goods"]),
        "priority": {**priority, "claims": [{**claim, "date": format_date_vn(claim["date"])}
                                            for claim in priority["claims"]]} if priority else None,
        "representative": summary["representative"],
        "fees": _fees_context(summary["fees"]),
        "documents": [{"title": str(d["title"]), "attached": d["attached"], "note": str(d.get("note") or "")}
                      for d in summary["documents"]],
        "missing": [{"step_title": m["step_title"], "messages": [str(x) for x in m["messages"]]} for m in summary["missing"]],
        "signatory": summary["signatory"],
        "today": today,
        "generated_on": format_date_vn(today),
        "history": [{"status": str(e.to_status.title), "at": format_datetime_vn(e.created_at),
                     "note": e.note or ""} for e in case.events],
        # collective and certification marks, geographical indications (None or [] when not applicable)
        "kind": summary["kind"],
        "members": summary.get("members") or [],
        "regulation": summary.get("regulation"),
        "characteristics": summary.get("characteristics"),
        "map": _map_context(map_file(case, summary), summary),
        "gi": summary.get("gi"),
        "gi_description": summary.get("gi_description"),
    }
    if "parts" in summary:
        context["parts"] = list(summary["parts"])
    context["parts"] = available_parts(context)
    return context


def _fees_context(fees: FeeEstimate) -> dict:
    """The fee estimate as the declaration prints it: amounts in Vietnamese number format."""
    return {
        "filing": [{"title": l.title, "quantity": l.quantity, "unit_amount": format_vnd(l.unit_amount, "vi"),
                    "amount": format_vnd(l.amount, "vi"), "confirmed": l.confirmed, "legal_basis": l.legal_basis}
                   for l in fees.filing_lines],
        "filing_total": format_vnd(fees.filing_total, "vi"),
        "grant": [{"title": l.title, "quantity": l.quantity, "amount": format_vnd(l.amount, "vi"),
                   "confirmed": l.confirmed} for l in fees.grant_lines],
        "grant_total": format_vnd(fees.grant_total, "vi"),
        "total": format_vnd(fees.total, "vi"),
        "has_unconfirmed": fees.has_unconfirmed,
    }


def fingerprint(case: Case, files: list[StoredFile]) -> str:
    """A key for everything the dossier is made from, read cheaply (versions, stamps, counts) so
    that serving a stored dossier does not rebuild its content. Any change gives a new key.

    The members, regulation, characteristics and GI answers are wizard steps (their versions
    are in "steps"); the uploads (mark sample, map) are in "files"."""
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
        "today": clock.today().isoformat(),  # the place-and-date line
        "case": [case.status.value, case.version, case.updated_at.isoformat()],
        "steps": sorted((step.name, step.version) for step in case.steps),
        "events": [len(case.events), max((e.id for e in case.events), default=0)],
        "products": sorted((p.id, p.updated_at.isoformat()) for p in case.products),
        "files": sorted((str(f.purpose), f.sha256) for f in files),
        "reference": [str(value) for value in reference],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()




def _uploads(case: Case) -> list[StoredFile]:
    """The uploads a dossier may print: the mark sample and the map."""
    return [f for f in (case.current_file(FilePurpose.MARK_IMAGE), case.current_file(FilePurpose.MAP))
            if f is not None]


def _render(template: str, context: dict, files: list[StoredFile], *, with_map: bool) -> bytes:
    """Render a template; if it ends with the map and the map is a PDF, append the map's pages."""
    content = pdf.render_pdf(template, allowed_files=files, **context)
    map_pdf = context["map"] if with_map and context["map"] and context["map"]["is_pdf"] else None
    if map_pdf is None:
        return content
    stored = next(f for f in files if f.purpose == FilePurpose.MAP)
    stamp = pdf.render_pdf(DRAFT_STAMP_TEMPLATE, draft=True) if context["draft"] else None
    return pdf_pages.append_pages(content, [storage.stored_path(stored)], stamp=stamp)


def get_dossier(case: Case) -> tuple[GeneratedDocument, bool]:
    """The stored dossier for the case's current data, rendering it if needed; (document, rendered_now)."""
    files = _uploads(case)
    data_hash = fingerprint(case, files)
    existing = storage.find_generated(case, KIND, data_hash)  # None too if its file was lost
    if existing is not None:
        return existing, False
    with force_locale("vi"):  # the dossier is filed in Vietnamese, whatever the user's UI language
        context = dossier_context(case)
        content = _render(TEMPLATES[case.kind], context, files, with_map=True)
    return storage.save_generated(case, KIND, data_hash, content), True


def part_kind(name: str) -> str:
    """The GeneratedDocument kind of a document alone, e.g. part-regulation."""
    return f"part-{name}"


def get_part(case: Case, name: str) -> tuple[GeneratedDocument, bool]:
    """One document of the dossier alone (see PARTS), stored like the dossier; (document, rendered_now).

    Raises UnknownPart if the name is not a part, or the case's kind or answers do not have it.
    """
    if name not in PARTS:
        raise UnknownPart(name)
    files = _uploads(case)
    data_hash = fingerprint(case, files)
    existing = storage.find_generated(case, part_kind(name), data_hash)
    if existing is not None:  # rendered from the same data, so the case had the part then and has it now
        return existing, False
    with force_locale("vi"):
        context = dossier_context(case)
        if name not in context["parts"]:
            raise UnknownPart(name)
        content = _render(PART_TEMPLATE, {**context, "part": name}, files, with_map=name == "map")
    return storage.save_generated(case, part_kind(name), data_hash, content), True


def part_filename(case: Case, name: str) -> str:
    """The download name of a document alone, e.g. quy-che-OCOP-000012.pdf."""
    stems = {"regulation": "quy-che", "members": "danh-sach-thanh-vien", "characteristics": "ban-thuyet-minh",
             "description": "ban-mo-ta-cddl", "map": "ban-do"}
    return f"{stems[name]}-{reference(case)}.pdf"


def prepare_documents(case: Case) -> int:
    """Render and store the dossier and each document alone that is not stored for the case's current
    data (the background render after a change); returns how many were rendered."""
    rendered = int(get_dossier(case)[1])
    for name in available_parts(case_summary(case)):
        rendered += int(get_part(case, name)[1])
    return rendered
