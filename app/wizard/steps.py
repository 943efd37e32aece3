"""The ordered steps of each application wizard: the single source for order and progress.

A step names its form class and template; forms are rebuilt from the raw input
saved in CaseStep.data, so a step can be re-validated at any time (on submit).
Collective marks, certification marks and GIs reuse the trademark steps where the law
asks the same, and add their own (members, regulation on use, GI description).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from app.models import Case, CaseKind
from app.wizard import forms, forms_gi, forms_marks, members_import


@dataclass(frozen=True)
class Step:
    """One page of a wizard."""

    name: str
    form_cls: type
    title: object  # lazy translated string
    template: str = "wizard/step_form.html"
    #: a callable(case) -> dict of initial values when nothing is saved yet
    initial: Callable[[Case], dict] | None = None
    #: a callable(formdata, files) -> (formdata, notices, [(field, error)]) run before the form
    #: is built, for input that arrives as a file (e.g. members imported from a spreadsheet)
    prepare: Callable | None = None


PRODUCTS = Step("products", forms.ProductsForm, _l("OCOP products"), "wizard/step_products.html",
                initial=forms.products_initial)
MARK = Step("mark", forms.MarkForm, _l("The mark"), "wizard/step_mark.html", prepare=forms.take_suggested_wording)
GOODS = Step("goods", forms.GoodsForm, _l("Goods and services"), "wizard/step_goods.html")
PRIORITY = Step("priority", forms.PriorityRepresentativeForm, _l("Priority and representative"),
                "wizard/step_priority.html")
REVIEW = Step("review", forms.ReviewForm, _l("Documents and review"), "wizard/step_review.html", forms.review_initial)

TRADEMARK_STEPS: tuple[Step, ...] = (
    Step("applicant", forms.ApplicantForm, _l("Applicant"), "wizard/step_applicant.html", forms.applicant_initial),
    PRODUCTS, MARK, GOODS, PRIORITY, REVIEW,
)

COLLECTIVE_STEPS: tuple[Step, ...] = (
    Step("applicant", forms_marks.CollectiveApplicantForm, _l("Owner (collective organization)"),
         "wizard/step_applicant.html", forms_marks.owner_initial),
    PRODUCTS, MARK, GOODS,
    Step("members", forms_marks.MembersForm, _l("Members"), "wizard/step_members.html",
         prepare=members_import.absorb_upload),
    Step("regulation", forms_marks.CollectiveRegulationForm, _l("Regulation on use"), "wizard/step_regulation.html",
         forms_marks.collective_regulation_initial),
    Step("characteristics", forms_marks.CharacteristicsForm, _l("Special characteristics"),
         "wizard/step_characteristics.html", forms_marks.characteristics_initial),
    PRIORITY, REVIEW,
)

CERTIFICATION_STEPS: tuple[Step, ...] = (
    Step("applicant", forms_marks.CertificationApplicantForm, _l("Owner (certifying body)"),
         "wizard/step_applicant.html", forms_marks.owner_initial),
    PRODUCTS, MARK, GOODS,
    Step("regulation", forms_marks.CertificationRegulationForm, _l("Regulation on use"),
         "wizard/step_regulation.html", forms_marks.certification_regulation_initial),
    Step("characteristics", forms_marks.CharacteristicsForm, _l("Characteristics and area"),
         "wizard/step_characteristics.html", forms_marks.characteristics_initial),
    PRIORITY, REVIEW,
)

GI_STEPS: tuple[Step, ...] = (
    # No products step: a GI covers every producer of the area, not one organization's products
    # (a case started from a product keeps that product linked for the registry).
    Step("applicant", forms_gi.GiApplicantForm, _l("Applicant and manager"), initial=forms_gi.gi_applicant_initial),
    Step("indication", forms_gi.GiIndicationForm, _l("The indication")),
    Step("characteristics", forms_gi.GiCharacteristicsForm, _l("Product characteristics")),
    Step("area", forms_gi.GiAreaForm, _l("Area, origin and method"), "wizard/step_gi_area.html"),
    Step("representative", forms.RepresentativeForm, _l("Representative"), "wizard/step_priority.html"),
    REVIEW,
)

WIZARDS: dict[CaseKind, tuple[Step, ...]] = {
    CaseKind.TRADEMARK: TRADEMARK_STEPS,
    CaseKind.COLLECTIVE: COLLECTIVE_STEPS,
    CaseKind.CERTIFICATION: CERTIFICATION_STEPS,
    CaseKind.GI: GI_STEPS,
}


def steps_for(case: Case) -> tuple[Step, ...]:
    """The case's wizard steps; none for a kind whose wizard does not exist yet (e.g. a
    collective mark recorded by the office as already granted)."""
    return WIZARDS.get(case.kind, ())


def find_step(case: Case, name: str) -> Step | None:
    return next((step for step in steps_for(case) if step.name == name), None)


def neighbours(case: Case, name: str) -> tuple[Step | None, Step | None]:
    """The steps before and after `name`."""
    steps = steps_for(case)
    index = [s.name for s in steps].index(name)
    return (steps[index - 1] if index > 0 else None, steps[index + 1] if index + 1 < len(steps) else None)


def build_form(step: Step, case: Case, formdata: MultiDict | None = None, *, csrf: bool = True):
    """The step's form: from the request, else from the saved draft, else from initial values."""
    saved = case.step(step.name)
    meta = {} if csrf else {"csrf": False}
    if formdata is not None:
        return step.form_cls(formdata=formdata, case=case, meta=meta)
    if saved is not None and saved.data:
        return step.form_cls(formdata=to_multidict(saved.data), case=case, meta=meta)
    initial = step.initial(case) if step.initial else {}
    return step.form_cls(formdata=None, data=initial, case=case, meta=meta)


def to_multidict(data: dict) -> MultiDict:
    """Saved raw input ({field: [values]}) back into form data."""
    return MultiDict([(key, value) for key, values in data.items() for value in values])
