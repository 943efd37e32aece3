"""The filing guide of an approved case and the producer's filing plan and report. Verbs flush; the
request commits."""
from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from app import clock
from app.documents import pdf, storage
from app.extensions import db
from app.fees.services import FeeEstimate
from app.i18n import format_date_vn, format_vnd
from app.models import Case, CaseKind, CaseStatus, FilingOffice, FilingPlan, FilingRoute, GeneratedDocument, User
from app.wizard.summary import case_summary

GUIDE_KIND = "filing-guide"
GUIDE_TEMPLATE = "pdf/filing_guide.html"
#: bump when the guide's template changes, so a stored PDF is not served for a new layout
GUIDE_LAYOUT = "1"
#: the places a payment note may name; any other {…} in an admin's wording is printed as typed
NOTE_FIELDS = ("applicant", "title")


@dataclass(frozen=True)
class FilingGuide:
    case: Case
    plan: FilingPlan | None
    office: FilingOffice | None
    fees: FeeEstimate
    applicant: str
    #: the dossier's documents to sign, in order
    to_sign: tuple[str, ...]
    #: an organization stamps what it signs (an individual owner of a household business does not)
    stamp: bool
    payment_note: str

    @property
    def route(self) -> FilingRoute | None:
        return self.plan.route if self.plan else None


def offices() -> list[FilingOffice]:
    return list(db.session.scalars(sa.select(FilingOffice).where(FilingOffice.active.is_(True))
                                   .order_by(FilingOffice.position, FilingOffice.id)))


def plan_of(case: Case) -> FilingPlan | None:
    return db.session.scalar(sa.select(FilingPlan).where(FilingPlan.case_id == case.id))


def shows_guide(case: Case) -> bool:
    """The guide is for an approved case, until DOST records the filing."""
    return case.status == CaseStatus.APPROVED


def payment_note(office: FilingOffice | None, applicant: str, title: str) -> str:
    """The office's wording for the transfer, with the case's own words in its {applicant} and {title}."""
    if office is None or not office.payment_note:
        return ""
    values = {"applicant": applicant, "title": title}
    parts = []
    for literal, field, _spec, _conversion in string.Formatter().parse(office.payment_note):
        parts.append(literal)
        if field is not None:
            parts.append(values[field] if field in NOTE_FIELDS else "{" + field + "}")
    return "".join(parts)


def _to_sign(case: Case, summary: dict) -> tuple[str, ...]:
    pages = [_("the declaration, at its signature block on the last page")]
    if case.kind in (CaseKind.COLLECTIVE, CaseKind.CERTIFICATION):
        pages.append(_("the regulation on use of the mark, at its end"))
    if case.kind == CaseKind.GI:
        pages.append(_("the description of the geographical indication, at its end"))
    if summary.get("representative"):
        pages.append(_("the power of attorney"))
    return tuple(pages)


def guide(case: Case) -> FilingGuide:
    summary = case_summary(case)
    plan = plan_of(case)
    office = (plan.office if plan and plan.office else None) or next(iter(offices()), None)
    applicant = (summary.get("applicant") or {}).get("name") or case.organization.name
    individual = (summary.get("applicant") or {}).get("kind") == "individual"
    return FilingGuide(case=case, plan=plan, office=office, fees=summary["fees"], applicant=applicant,
                       to_sign=_to_sign(case, summary), stamp=not individual,
                       payment_note=payment_note(office, applicant, case.display_title))


def set_plan(case: Case, route: FilingRoute, office: FilingOffice | None) -> FilingPlan:
    """Record how the case will be filed (the guide then says exactly what to do). Flushes."""
    plan = plan_of(case) or FilingPlan(case_id=case.id)
    plan.route = route
    plan.office_id = office.id if office is not None and route.on_paper else None
    db.session.add(plan)
    db.session.flush()
    return plan


def report_filing(case: Case, application_number: str, filing_date: date, actor: User) -> FilingPlan:
    """The producer's word that it filed: a proposal DOST confirms by recording the filing. Flushes."""
    plan = plan_of(case) or FilingPlan(case_id=case.id, route=FilingRoute.ONLINE)
    plan.application_number = application_number
    plan.filing_date = filing_date
    plan.reported_by_id = actor.id
    plan.reported_at = clock.now()
    db.session.add(plan)
    db.session.flush()
    return plan


def number_taken(case: Case, number: str) -> bool:
    return db.session.scalar(sa.select(Case.id).where(Case.application_number == number, Case.id != case.id)) is not None


def _guide_context(g: FilingGuide) -> dict:
    """The printable guide as plain data (Vietnamese: it is rendered under the PDF locale)."""
    office = g.office
    return {
        "reference": f"OCOP-{g.case.id:06d}", "title": g.case.display_title, "kind_title": g.case.kind.title,
        "applicant": g.applicant, "route": g.route.value if g.route else None,
        "route_title": g.route.title if g.route else None,
        "routes": [(r.value, r.title) for r in FilingRoute],
        "to_sign": list(g.to_sign), "stamp": g.stamp,
        "office": {"name": office.name, "address": office.address, "portal_url": office.portal_url,
                   "recipient": office.payment_recipient, "account": office.payment_account,
                   "bank": office.payment_bank, "confirmed": office.confirmed} if office else None,
        "payment_note": g.payment_note,
        "filing_total": format_vnd(g.fees.filing_total, "vi"), "grant_total": format_vnd(g.fees.grant_total, "vi"),
        "fees_unconfirmed": g.fees.has_unconfirmed, "generated_on": format_date_vn(clock.today()),
    }


def guide_pdf(case: Case) -> tuple[GeneratedDocument, bool]:
    """The one-page "Hướng dẫn nộp đơn", stored like the dossier; (document, rendered_now)."""
    with force_locale("vi"):
        context = _guide_context(guide(case))
    data_hash = hashlib.sha256(json.dumps([GUIDE_LAYOUT, context], sort_keys=True, default=str).encode()).hexdigest()
    existing = storage.find_generated(case, GUIDE_KIND, data_hash)
    if existing is not None:
        return existing, False
    return storage.save_generated(case, GUIDE_KIND, data_hash, pdf.render_pdf(GUIDE_TEMPLATE, **context)), True
