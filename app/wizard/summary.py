"""Everything entered in a case's wizard as plain data: for the review step, the case page
and the PDF dossier (templates never get ORM objects).
"""
from __future__ import annotations

from flask_babel import gettext as _

from app.fees.services import estimate_fees
import sqlalchemy as sa

from app.extensions import db
from app.models import Case, CaseKind, FilePurpose, Organization
from app.wizard import forms as step_forms
from app.wizard import legal_documents
from app.wizard import step_checks
from app.wizard import steps as wizard_steps

#: the type-of-mark box ticked on the declaration for each kind (domain notes §1.3, item 4)
MARK_TYPE_BY_KIND = {
    CaseKind.TRADEMARK: "thông thường",
    CaseKind.COLLECTIVE: "tập thể",
    CaseKind.CERTIFICATION: "chứng nhận",
}


def extra_item_threshold(case: Case) -> int | None:
    """How many items per class the class fee covers today (None if the schedule has no such rule)."""
    from app.fees.services import rates_in_force
    from app.i18n import LOCAL_TZ
    from app.models import FeeUnit, utcnow

    today = utcnow().astimezone(LOCAL_TZ).date()
    counts = [r.included_items for r in rates_in_force(case.kind, today) if r.unit == FeeUnit.EXTRA_ITEM and r.included_items]
    return min(counts) if counts else None


def _label(choices, value) -> str:
    return str(dict(choices).get(value, "")) if value else ""


def members_of(case: Case) -> list[dict]:
    """The members allowed to use a collective mark, as listed in its wizard ([] for other kinds)."""
    step = wizard_steps.find_step(case, "members")
    if step is None or case.step("members") is None:
        return []
    return wizard_steps.build_form(step, case, csrf=False).listed()


def missing_items(case: Case, forms: dict | None = None) -> list[dict]:
    """What still stops the case from being submitted, step by step (nothing is saved)."""
    return [{"step": problem.step.name, "step_title": str(problem.step.title), "messages": _messages(problem)}
            for problem in step_checks.step_problems(case, forms)]


def _messages(problem: step_checks.StepProblem) -> list[str]:
    """A step's errors as sentences a producer can act on, each field's error after its label."""
    if problem.form is None:  # never saved: its one error says so, and there is no field to name
        return list(problem.errors[""])
    messages = []
    for field_name, errors in problem.errors.items():
        for error in errors if isinstance(errors, list) else [errors]:
            if isinstance(error, dict):  # a sub-form (co-applicant, free term) row
                messages.extend(str(m) for ms in error.values() for m in ms)
            else:
                messages.append(f"{problem.form[field_name].label.text}: {error}")
    return messages


def case_summary(case: Case) -> dict:
    """The whole application as plain data."""
    forms = step_checks.saved_forms(case)
    applicant_form = forms.get("applicant")
    mark_form = forms.get("mark")
    goods_form = forms.get("goods")
    priority_form = forms.get("priority") or forms.get("representative")
    review_form = forms.get("review")

    goods = step_forms.group_by_class(goods_form.selected_items()) if goods_form else []
    items_per_class = {klass: len(terms) for klass, terms in goods}
    claims_priority = bool(priority_form and getattr(priority_form, "priority_basis", None) is not None
                           and priority_form.priority_basis.data not in (None, "none"))
    has_representative = bool(priority_form and priority_form.representative_kind.data not in (None, "none"))
    estimate = estimate_fees(case.kind, items_per_class, priority_claims=1 if claims_priority else 0)
    threshold = extra_item_threshold(case)

    mark_image = case.current_file(FilePurpose.MARK_IMAGE)
    power_of_attorney = case.current_file(FilePurpose.POWER_OF_ATTORNEY)
    mark = None
    if mark_form:
        mark = {
            "wording": mark_form.wording.data or "",
            "form": mark_form.mark_form.data,
            "form_title": _label(step_forms.MARK_FORMS, mark_form.mark_form.data),
            "colour_mode": mark_form.colour_mode.data,
            "colours": mark_form.colours.data if mark_form.colour_mode.data == "colour" else "",
            "description": mark_form.description.data or "",
            "meaning": mark_form.meaning.data or "",
        }
    image = None
    if mark_image is not None:
        from app.documents.images import print_size_mm

        width_mm, height_mm = print_size_mm(mark_image.width_px, mark_image.height_px)
        image = {"file_id": mark_image.id, "width_px": mark_image.width_px, "height_px": mark_image.height_px,
                 "print_width_mm": round(width_mm, 1), "print_height_mm": round(height_mm, 1)}

    applicant = None
    if applicant_form and case.kind != CaseKind.GI:  # a GI's applicant files for the State: see _kind_specific
        applicant = {
            "kind": applicant_form.applicant_kind.data,
            "name": applicant_form.name.data or "",
            "address": applicant_form.address.data or "",
            "tax_code": applicant_form.tax_code.data or "",
            "citizen_id": applicant_form.citizen_id.data or "",
            "phone": applicant_form.phone.data or "",
            "email": applicant_form.email.data or "",
            "co_applicants": [
                {"name": e.form.name.data, "address": e.form.address.data or "", "tax_code": e.form.tax_code.data or ""}
                for e in applicant_form.co_applicants if e.form.name.data
            ],
        }

    priority = None
    if claims_priority:
        priority = {
            "basis": priority_form.priority_basis.data,
            "basis_title": _label(step_forms.PRIORITY_BASES, priority_form.priority_basis.data),
            "country": priority_form.priority_country.data or "",
            "number": priority_form.priority_number.data or "",
            "date": priority_form.priority_date.data,
        }
    representative = None
    if has_representative:
        representative = {
            "kind": priority_form.representative_kind.data,
            "kind_title": _label(step_forms.REPRESENTATIVE_KINDS, priority_form.representative_kind.data),
            "name": priority_form.representative_name.data or "",
            "address": priority_form.representative_address.data or "",
            "phone": priority_form.representative_phone.data or "",
            "email": priority_form.representative_email.data or "",
        }

    documents = [
        {"title": _("Declaration for registration of the mark"), "attached": True},
        {"title": _("Mark samples"), "attached": mark_image is not None or bool(mark and mark["wording"])},
        {"title": _("List of goods and services"), "attached": bool(goods)},
        {"title": _("Fee payment receipts"), "attached": False,
         "note": _("Pay the filing-stage fees and attach the receipts.")},
    ]
    if has_representative:
        documents.append({"title": _("Power of attorney"), "attached": power_of_attorney is not None})
    if claims_priority:
        documents.append({"title": _("Priority documents"), "attached": False,
                          "note": _("A copy of the earlier application, certified by the office that received it.")})

    extra = _kind_specific(case, forms, applicant, mark)
    if case.kind == CaseKind.GI:
        applicant = extra["gi"]["applicant"] if extra["gi"] else None
        documents = _gi_documents(extra) + [d for d in documents if d["title"] == _("Power of attorney")]
    else:
        documents[3:3] = _mark_kind_documents(case, extra)  # after the goods list, before the receipts

    missing = missing_items(case, forms)
    return {
        "case_id": case.id,
        "kind": case.kind.value,
        "kind_title": case.kind.title,
        "mark_type": MARK_TYPE_BY_KIND.get(case.kind, ""),
        "status": case.status.value,
        "status_title": case.status.title,
        "applicant": applicant,
        "products": [{"name": p.name, "group_title": p.group.title, "stars": p.stars,
                      "certificate_number": p.certificate_number or ""} for p in case.products],
        "mark": mark,
        "image": image,
        "goods": [{"nice_class": klass, "terms": terms, "count": len(terms),
                   "over_threshold": bool(threshold and len(terms) > threshold)}
                  for klass, terms in goods],
        "extra_item_threshold": threshold,
        "priority": priority,
        "representative": representative,
        "signatory": {
            "name": review_form.signatory_name.data if review_form else case.organization.legal_representative,
            "title": review_form.signatory_title.data if review_form else "",
            "place": review_form.signing_place.data if review_form else "",
        },
        "fees": estimate,
        "documents": documents,
        "missing": missing,
        "complete": not missing,
        **extra,
    }


def _kind_specific(case: Case, forms: dict, applicant: dict | None, mark: dict | None) -> dict:
    """The members, regulation on use, characteristics, map and GI parts of a case (None / [] when
    its kind has none), built by app/wizard/legal_documents.py from the saved answers."""
    answers = {name: {key: field.data for key, field in form._fields.items() if isinstance(field.data, str)}
               for name, form in forms.items()}
    map_file = case.current_file(FilePurpose.MAP)
    extra = {"members": [], "regulation": None, "characteristics": None, "gi": None, "gi_description": None,
             "map": {"file_id": map_file.id, "content_type": map_file.content_type,
                     "original_name": map_file.original_name} if map_file else None,
             "parts": []}
    owner = {"name": (applicant or {}).get("name", ""), "address": (applicant or {}).get("address", ""),
             "legal_basis": answers.get("applicant", {}).get("legal_basis", "")}
    mark_name = (mark or {}).get("wording", "")
    if case.kind == CaseKind.COLLECTIVE:
        members_form = forms.get("members")
        extra["members"] = _with_links(members_form.listed() if members_form else [])
        extra["regulation"] = legal_documents.collective_regulation(
            owner, mark_name, extra["members"], answers.get("regulation", {}))
    elif case.kind == CaseKind.CERTIFICATION:
        extra["regulation"] = legal_documents.certification_regulation(owner, mark_name, answers.get("regulation", {}))
    if case.kind in (CaseKind.COLLECTIVE, CaseKind.CERTIFICATION):
        extra["characteristics"] = _characteristics(forms.get("characteristics"))
        extra["parts"] = ["regulation"] + (["members"] if extra["members"] else []) + (
            ["characteristics"] if extra["characteristics"] else [])
    if case.kind == CaseKind.GI:
        gi_applicant = answers.get("applicant", {})
        indication = answers.get("indication", {})
        extra["gi"] = {
            "name": indication.get("gi_name", ""),
            "product": indication.get("product_name", ""),
            "applicant": {"name": gi_applicant.get("applicant_name", ""),
                          "address": gi_applicant.get("applicant_address", ""),
                          "authority_basis": gi_applicant.get("authority_basis", ""),
                          "phone": gi_applicant.get("phone", ""), "email": gi_applicant.get("email", ""),
                          "co_applicants": []},
            "manager": {"name": gi_applicant.get("manager_name", ""),
                        "address": gi_applicant.get("manager_address", ""),
                        "tax_code": gi_applicant.get("manager_tax_code", "")},
        } if forms.get("applicant") or forms.get("indication") else None
        extra["gi_description"] = legal_documents.gi_description(
            indication, answers.get("characteristics", {}), answers.get("area", {}), map_file is not None)
        extra["parts"] = ["description"]
    # A map belongs to a GI, or to a certification mark that certifies origin; a map uploaded
    # before the user unticked "origin" stays stored but is not printed.
    certifies_origin = (case.kind == CaseKind.CERTIFICATION and forms.get("characteristics") is not None
                        and "origin" in (forms["characteristics"].bases.data or []))
    if not (case.kind == CaseKind.GI or certifies_origin):
        extra["map"] = None
    if extra["map"] is not None:
        extra["parts"].append("map")
    return extra


def _characteristics(form) -> dict | None:
    """The explanation of special characteristics, when the mark names a place or claims a quality."""
    if form is None:
        return None
    bases = form.bases.data or []
    text = legal_documents.paragraphs(form.characteristics.data)
    if not bases and not text:
        return None
    titles = {choice.value: choice.label for choice in form.bases.choices}
    return {
        "title": "BẢN THUYẾT MINH VỀ TÍNH CHẤT, CHẤT LƯỢNG ĐẶC THÙ CỦA SẢN PHẨM MANG NHÃN HIỆU",
        "bases": [str(titles.get(b, b)) for b in bases],
        "paragraphs": text,
        "area_paragraphs": legal_documents.paragraphs(form.area_description.data) if "origin" in bases else [],
    }


def _with_links(members: list[dict]) -> list[dict]:
    """Members, each with the name of the organization in the system that has its tax code."""
    codes = {m["tax_code"] for m in members if m.get("tax_code")}
    known = dict(db.session.execute(
        sa.select(Organization.tax_code, Organization.name).where(Organization.tax_code.in_(codes))
    ).all()) if codes else {}
    return [{**m, "linked_organization": known.get(m.get("tax_code") or "", "")} for m in members]


def _mark_kind_documents(case: Case, extra: dict) -> list[dict]:
    """The checklist lines a collective or certification mark adds (domain notes §2.1, §2.2)."""
    if case.kind not in (CaseKind.COLLECTIVE, CaseKind.CERTIFICATION):
        return []
    regulation = extra["regulation"]
    lines = [{"title": _("Regulation on use of the mark"),
              "attached": bool(regulation) and not legal_documents.missing_parts(regulation)}]
    if case.kind == CaseKind.COLLECTIVE:
        lines.append({"title": _("List of members allowed to use the mark"), "attached": bool(extra["members"])})
    characteristics = extra["characteristics"]
    if characteristics:
        lines.append({"title": _("Explanation of the special characteristics of the goods"),
                      "attached": bool(characteristics["paragraphs"])})
        if characteristics["area_paragraphs"] or extra["map"]:
            lines.append({"title": _("Map of the geographical area"), "attached": extra["map"] is not None})
    return lines


def _gi_documents(extra: dict) -> list[dict]:
    """The checklist of a GI application (domain notes §1.4)."""
    description = extra["gi_description"]
    return [
        {"title": _("Declaration for registration of the geographical indication"), "attached": True},
        {"title": _("Description of the characteristics, quality and reputation of the product"),
         "attached": bool(description) and not legal_documents.missing_parts(description)},
        {"title": _("Map of the geographical area"), "attached": extra["map"] is not None},
        {"title": _("Authorisation to file, from the People's Committee"),
         "attached": bool(extra["gi"] and extra["gi"]["applicant"]["authority_basis"]),
         "note": _("Not needed when the People's Committee files itself.")},
        {"title": _("Fee payment receipts"), "attached": False,
         "note": _("Pay the filing-stage fees and attach the receipts.")},
    ]
