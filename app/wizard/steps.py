"""The ordered steps of each application wizard: the single source for order and progress.

A step names its form class and template; forms are rebuilt from the raw input
saved in CaseStep.data, so a step can be re-validated at any time (on submit).
Collective marks, certification marks and GIs add their own step tuples here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from app.models import Case, CaseKind
from app.wizard import forms


@dataclass(frozen=True)
class Step:
    """One page of a wizard."""

    name: str
    form_cls: type
    title: object  # lazy translated string
    template: str = "wizard/step_form.html"
    #: a callable(case) -> dict of initial values when nothing is saved yet
    initial: Callable[[Case], dict] | None = None


TRADEMARK_STEPS: tuple[Step, ...] = (
    Step("applicant", forms.ApplicantForm, _l("Applicant"), "wizard/step_applicant.html", forms.applicant_initial),
    Step("products", forms.ProductsForm, _l("OCOP products"), initial=forms.products_initial),
    Step("mark", forms.MarkForm, _l("The mark"), "wizard/step_mark.html"),
    Step("goods", forms.GoodsForm, _l("Goods and services"), "wizard/step_goods.html"),
    Step("priority", forms.PriorityRepresentativeForm, _l("Priority and representative"),
         "wizard/step_priority.html"),
    Step("review", forms.ReviewForm, _l("Documents and review"), "wizard/step_review.html", forms.review_initial),
)

WIZARDS: dict[CaseKind, tuple[Step, ...]] = {
    CaseKind.TRADEMARK: TRADEMARK_STEPS,
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
