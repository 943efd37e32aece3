"""Which steps of a case's wizard still stop it from being submitted: one validation pass over
every step, rebuilt from its saved draft.

Submitting uses it to record each step's completeness (app/wizard/services.py::revalidate),
the review step and the dossier to word what is missing (app/wizard/summary.py::missing_items),
so both always agree on what is complete.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.models import Case
from app.wizard import steps as wizard_steps


@dataclass
class StepProblem:
    """A step that is not complete, with its form's errors ({field: errors}, as WTForms gives them)."""

    step: wizard_steps.Step
    #: the step's form rebuilt from its draft; None when the step was never saved
    form: object | None
    errors: dict


def saved_forms(case: Case) -> dict:
    """The form of every step saved so far, rebuilt from its draft (without CSRF: nothing is posted)."""
    return {
        step.name: wizard_steps.build_form(step, case, csrf=False)
        for step in wizard_steps.steps_for(case)
        if case.step(step.name) is not None
    }


def step_problems(case: Case, forms: dict | None = None) -> list[StepProblem]:
    """The steps that are not complete, in wizard order. `forms` are the saved forms when the
    caller already built them (see saved_forms); a step never saved has one error, under ""."""
    forms = saved_forms(case) if forms is None else forms
    problems = []
    for step in wizard_steps.steps_for(case):
        form = forms.get(step.name)
        if form is None:
            problems.append(StepProblem(step, None, {"": [_("This step has not been filled in yet.")]}))
        elif not form.validate():
            problems.append(StepProblem(step, form, form.errors))
    return problems
