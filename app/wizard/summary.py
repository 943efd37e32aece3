"""Everything entered in a case's wizard as plain data: for the review step, the case page
and the PDF dossier (templates never get ORM objects).
"""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app import clock
from app.addresses import place_keys_in, place_names_in
from app.documents.images import print_size_mm
from app.extensions import db
from app.fees.services import estimate_fees, rates_in_force
from app.models import Case, CaseKind, FeeUnit, FilePurpose, Organization, StoredFile
from app.wizard import forms as step_forms
from app.wizard import legal_documents, step_checks
from app.wizard import steps as wizard_steps

#: the type-of-mark box ticked on the declaration for each kind (domain notes §1.3, item 4)
MARK_TYPE_BY_KIND = {
    CaseKind.TRADEMARK: "thông thường",
    CaseKind.COLLECTIVE: "tập thể",
    CaseKind.CERTIFICATION: "chứng nhận",
}


def extra_item_threshold(case: Case) -> int | None:
    """How many items per class the class fee covers today (None if the schedule has no such rule)."""
    counts = [r.included_items for r in rates_in_force(case.kind, clock.today())
              if r.unit == FeeUnit.EXTRA_ITEM and r.included_items]
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
    # a GI's wizard has a representative step where the marks' wizards have priority-and-representative
    priority_form = forms.get("priority") or forms.get("representative")
    goods = step_forms.group_by_class(forms["goods"].selected_items()) if forms.get("goods") else []
    priority_claims = _priority_claims(priority_form)
    has_representative = _has_representative(priority_form)
    mark = _mark(forms.get("mark"))
    # a GI's applicant files for the State: it is built with the GI's parts (see _gi_parts)
    applicant = _applicant(forms.get("applicant")) if case.kind != CaseKind.GI else None
    extra = _kind_specific(case, forms, applicant, mark)
    if case.kind == CaseKind.GI:
        applicant = extra["gi"]["applicant"] if extra["gi"] else None
    threshold = extra_item_threshold(case)
    return {
        "case_id": case.id,
        "kind": case.kind.value,
        "kind_title": case.kind.title,
        "mark_type": MARK_TYPE_BY_KIND.get(case.kind, ""),
        "status": case.status.value,
        "status_title": case.status.title,
        "applicant": applicant,
        "products": _products(case),
        "mark": mark,
        "image": _image(case.current_file(FilePurpose.MARK_IMAGE)),
        "goods": _goods(goods, threshold),
        "extra_item_threshold": threshold,
        "priority": _priority(priority_form, priority_claims) if priority_claims else None,
        "representative": _representative(priority_form) if has_representative else None,
        "signatory": _signatory(case, forms.get("review")),
        "fees": estimate_fees(case.kind, {klass: len(terms) for klass, terms in goods},
                              priority_claims=len(priority_claims)),
        "documents": _documents(case, extra, mark, goods, has_representative, bool(priority_claims)),
        # checked last: validating normalises the forms' data (NFC, phone digits) that is read above as typed
        "missing": (missing := missing_items(case, forms)),
        "complete": not missing,
        **extra,
    }


def _priority_claims(priority_form) -> list:
    """The earlier applications claimed (a GI's representative step claims none)."""
    return priority_form.claimed() if isinstance(priority_form, step_forms.PriorityRepresentativeForm) else []


def _has_representative(priority_form) -> bool:
    return bool(priority_form and priority_form.representative_kind.data not in (None, "none"))


def _applicant(form) -> dict | None:
    """The applicant of a mark, with its co-applicants (rows left without a name are dropped)."""
    if form is None:
        return None
    return {
        "kind": form.applicant_kind.data,
        "name": form.name.data or "",
        "address": form.address.data or "",
        "tax_code": form.tax_code.data or "",
        "citizen_id": form.citizen_id.data or "",
        # a household business: its owner applies as an individual, the business is named for reference
        "business_name": (form.business_name.data or "") if form.applicant_kind.data == "individual" else "",
        "phone": form.phone.data or "",
        "email": form.email.data or "",
        "co_applicants": [
            {"name": e.form.name.data, "address": e.form.address.data or "", "tax_code": e.form.tax_code.data or ""}
            for e in form.co_applicants if e.form.name.data
        ],
    }


def _products(case: Case) -> list[dict]:
    """The OCOP products the application is for."""
    return [{"name": p.name, "group_title": p.group.title, "stars": p.stars,
             "certificate_number": p.certificate_number or ""} for p in case.products]


def _mark(form) -> dict | None:
    """The mark as described in its step (colours only for a mark claimed in colour)."""
    if form is None:
        return None
    return {
        "wording": form.wording.data or "",
        "form": form.mark_form.data,
        "form_title": _label(step_forms.MARK_FORMS, form.mark_form.data),
        "colour_mode": form.colour_mode.data,
        "colours": form.colours.data if form.colour_mode.data == "colour" else "",
        "description": form.description.data or "",
        "meaning": form.meaning.data or "",
        "transliteration": form.transliteration.data or "",
        "translation": form.translation.data or "",
    }


def _image(mark_image: StoredFile | None) -> dict | None:
    """The uploaded mark sample, with the size it prints at on the declaration."""
    if mark_image is None:
        return None
    width_mm, height_mm = print_size_mm(mark_image.width_px, mark_image.height_px)
    return {"file_id": mark_image.id, "width_px": mark_image.width_px, "height_px": mark_image.height_px,
            "print_width_mm": round(width_mm, 1), "print_height_mm": round(height_mm, 1)}


def _goods(goods: list, threshold: int | None) -> list[dict]:
    """The goods and services by Nice class; a class over the threshold pays for its extra items."""
    return [{"nice_class": klass, "terms": terms, "count": len(terms),
             "over_threshold": bool(threshold and len(terms) > threshold)}
            for klass, terms in goods]


def _priority(form, claims: list) -> dict:
    """The basis of the priority claimed and each earlier application whose date is claimed."""
    return {
        "basis": form.priority_basis.data,
        "basis_title": _label(step_forms.PRIORITY_BASES, form.priority_basis.data),
        "claims": [{"country": claim.country.data or "", "number": claim.number.data or "", "date": claim.date.data}
                   for claim in claims],
    }


def _representative(form) -> dict:
    """Who files for the applicant (an IP agent or another authorised person)."""
    return {
        "kind": form.representative_kind.data,
        "kind_title": _label(step_forms.REPRESENTATIVE_KINDS, form.representative_kind.data),
        "name": form.representative_name.data or "",
        "address": form.representative_address.data or "",
        "phone": form.representative_phone.data or "",
        "email": form.representative_email.data or "",
    }


def _signatory(case: Case, review_form) -> dict:
    """Who signs the declaration (before the review step, the organization's legal representative), and
    whether they ask for a paper certificate besides the electronic one."""
    if review_form is None:
        return {"name": case.organization.legal_representative, "title": "", "place": "", "paper_certificate": False}
    return {"name": review_form.signatory_name.data, "title": review_form.signatory_title.data,
            "place": review_form.signing_place.data, "paper_certificate": bool(review_form.paper_certificate.data)}


def _kind_specific(case: Case, forms: dict, applicant: dict | None, mark: dict | None) -> dict:
    """The members, regulation on use, characteristics, map and GI parts of a case (None / [] when
    its kind has none), built by app/wizard/legal_documents.py from the saved answers."""
    answers = {name: {key: field.data for key, field in form._fields.items() if isinstance(field.data, str)}
               for name, form in forms.items()}
    map_file = case.current_file(FilePurpose.MAP)
    extra = {"members": [], "regulation": None, "characteristics": None, "gi": None, "gi_description": None,
             "map": None, "parts": [], "members_area": None}
    if case.kind in (CaseKind.COLLECTIVE, CaseKind.CERTIFICATION):
        extra.update(_mark_kind_parts(case, forms, answers, applicant, mark))
    elif case.kind == CaseKind.GI:
        extra.update(_gi_parts(forms, answers, has_map=map_file is not None))
    if map_file is not None and _prints_map(case, forms):
        extra["map"] = {"file_id": map_file.id, "content_type": map_file.content_type,
                        "original_name": map_file.original_name}
        extra["parts"].append("map")
    return extra


def _mark_kind_parts(case: Case, forms: dict, answers: dict, applicant: dict | None, mark: dict | None) -> dict:
    """A collective or certification mark's regulation on use, members (collective only) and
    explanation of characteristics, with the parts of the dossier they make."""
    owner = {"name": (applicant or {}).get("name", ""), "address": (applicant or {}).get("address", ""),
             "legal_basis": answers.get("applicant", {}).get("legal_basis", "")}
    mark_name = (mark or {}).get("wording", "")
    members = []
    if case.kind == CaseKind.COLLECTIVE:
        members_form = forms.get("members")
        members = _with_links(members_form.listed() if members_form else [])
        regulation = legal_documents.collective_regulation(owner, mark_name, members, answers.get("regulation", {}))
    else:
        regulation = legal_documents.certification_regulation(owner, mark_name, answers.get("regulation", {}))
    characteristics = _characteristics(forms.get("characteristics"))
    parts = ["regulation"] + (["members"] if members else []) + (["characteristics"] if characteristics else [])
    return {"members": members, "regulation": regulation, "characteristics": characteristics, "parts": parts,
            "members_area": _members_area(members, answers.get("regulation", {}).get("membership_conditions", ""))}


def _members_area(members: list[dict], membership_conditions: str) -> dict | None:
    """The places the membership conditions name, and the members whose address names none of them:
    a warning, not a refusal (an address may name only a hamlet, or a place the list does not know)."""
    area = place_names_in(membership_conditions or "")
    if not area:
        return None
    keys = place_keys_in(membership_conditions)
    outside = [m["name"] for m in members if not keys & place_keys_in(f"{m['address']}, {m['ward']}")]
    return {"places": area, "outside": outside}


def _gi_parts(forms: dict, answers: dict, *, has_map: bool) -> dict:
    """A GI's applicant and manager, and its description, with the part of the dossier it makes."""
    indication = answers.get("indication", {})
    gi = _gi(answers.get("applicant", {}), indication) if forms.get("applicant") or forms.get("indication") else None
    description = legal_documents.gi_description(
        indication, answers.get("characteristics", {}), answers.get("area", {}), has_map)
    return {"gi": gi, "gi_description": description, "parts": ["description"]}


def _gi(applicant: dict, indication: dict) -> dict:
    """The GI's name and product, the applicant filing for the State and the GI's manager."""
    return {
        "name": indication.get("gi_name", ""),
        "product": indication.get("product_name", ""),
        "presentation": indication.get("presentation", "words"),
        "homonym_explanation": indication.get("homonym_explanation", ""),
        "applicant": {"name": applicant.get("applicant_name", ""),
                      "address": applicant.get("applicant_address", ""),
                      "authority_basis": applicant.get("authority_basis", ""),
                      "phone": applicant.get("phone", ""), "email": applicant.get("email", ""),
                      "co_applicants": []},
        "manager": {"name": applicant.get("manager_name", ""),
                    "address": applicant.get("manager_address", ""),
                    "tax_code": applicant.get("manager_tax_code", "")},
    }


def _prints_map(case: Case, forms: dict) -> bool:
    """A map belongs to a GI, or to a certification mark that certifies origin; a map uploaded
    before the user unticked "origin" stays stored but is not printed."""
    certifies_origin = (case.kind == CaseKind.CERTIFICATION and forms.get("characteristics") is not None
                        and "origin" in (forms["characteristics"].bases.data or []))
    return case.kind == CaseKind.GI or certifies_origin


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
        "place_name": "place_name" in bases,
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


def _documents(case: Case, extra: dict, mark: dict | None, goods: list, has_representative: bool,
               claims_priority: bool) -> list[dict]:
    """The checklist of the application's documents, in the order the declaration lists them.

    Each line has a stable code to be recognised by (declaration, mark_samples, goods_list,
    regulation, members, characteristics, place_permission, gi_description, map, authorisation, fee_receipts,
    power_of_attorney, priority_documents); its title, in the user's language, is only shown."""
    if case.kind == CaseKind.GI:
        lines = _gi_documents(case, extra)
    else:
        lines = _mark_documents(case, extra, mark, goods)
    if has_representative:
        lines.append(_line("power_of_attorney", _("Power of attorney"),
                           case.current_file(FilePurpose.POWER_OF_ATTORNEY) is not None))
    if claims_priority:  # only marks claim priority (a GI's wizard does not ask)
        lines.append(_line("priority_documents", _("Priority documents"), False,
                           _("A copy of the earlier application, certified by the office that received it.")))
    return lines


def _line(code: str, title: str, attached: bool, note: str | None = None) -> dict:
    """One line of the documents checklist (a line without a note has no "note" key)."""
    line = {"code": code, "title": title, "attached": attached}
    if note is not None:
        line["note"] = note
    return line


def _fee_receipts_line() -> dict:
    return _line("fee_receipts", _("Fee payment receipts"), False,
                 _("Pay the filing-stage fees and attach the receipts."))


def _mark_documents(case: Case, extra: dict, mark: dict | None, goods: list) -> list[dict]:
    """The checklist of a mark's application, the lines of collective and certification marks
    after the goods list (domain notes §2.1, §2.2)."""
    has_sample = case.current_file(FilePurpose.MARK_IMAGE) is not None or bool(mark and mark["wording"])
    return [
        _line("declaration", _("Declaration for registration of the mark"), True),
        _line("mark_samples", _("Mark samples"), has_sample),
        _line("goods_list", _("List of goods and services"), bool(goods)),
        *_mark_kind_documents(case, extra),
        _fee_receipts_line(),
    ]


def _mark_kind_documents(case: Case, extra: dict) -> list[dict]:
    """The checklist lines a collective or certification mark adds (domain notes §2.1, §2.2)."""
    if case.kind not in (CaseKind.COLLECTIVE, CaseKind.CERTIFICATION):
        return []
    regulation = extra["regulation"]
    lines = [_line("regulation", _("Regulation on use of the mark"),
                   bool(regulation) and not legal_documents.missing_parts(regulation))]
    if case.kind == CaseKind.COLLECTIVE:
        lines.append(_line("members", _("List of members allowed to use the mark"), bool(extra["members"])))
    characteristics = extra["characteristics"]
    if characteristics:
        lines.append(_line("characteristics", _("Explanation of the special characteristics of the goods"),
                           bool(characteristics["paragraphs"])))
        if characteristics["place_name"]:
            lines.append(_place_permission_line(case))
        if characteristics["area_paragraphs"] or extra["map"]:
            lines.append(_line("map", _("Map of the geographical area"), extra["map"] is not None))
    return lines


def _place_permission_line(case: Case) -> dict:
    attached = case.current_file(FilePurpose.PLACE_PERMISSION) is not None
    return _line("place_permission", _("Written permission of the provincial People's Committee to use the place name"),
                 attached, None if attached else _("To be attached before filing."))


def _gi_documents(case: Case, extra: dict) -> list[dict]:
    """The checklist of a GI application (domain notes §1.4)."""
    description = extra["gi_description"]
    sample = [_line("gi_sample", _("Presentation sample of the GI"), case.current_file(FilePurpose.GI_SAMPLE) is not None)
              ] if extra["gi"] and extra["gi"]["presentation"] == "sign" else []
    return [
        _line("declaration", _("Declaration for registration of the geographical indication"), True),
        *sample,
        _line("gi_description", _("Description of the characteristics, quality and reputation of the product"),
              bool(description) and not legal_documents.missing_parts(description)),
        _line("map", _("Map of the geographical area"), extra["map"] is not None),
        _line("authorisation", _("Authorisation to file, from the People's Committee"),
              bool(extra["gi"] and extra["gi"]["applicant"]["authority_basis"]),
              _("Not needed when the People's Committee files itself.")),
        _fee_receipts_line(),
    ]
