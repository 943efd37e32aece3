"""What changed between two submissions of a case: every submission keeps each step's raw input and
the current file of each purpose, and the consultant sees the fields that differ, by their labels,
with the old and new values as the applicant would read them (choices by their titles)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from wtforms import FieldList, FormField

from app.extensions import db
from app.models import Case, CaseSubmission, FilePurpose, StoredFile, User
from app.wizard import steps as wizard_steps
from app.wizard.forms import CaseFileField

#: field types whose value is one or several of their choices, shown by the choice's title
_CHOICE_TYPES = {"RadioField", "SelectField", "MultiCheckboxField", "SelectMultipleField"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class StepChanges:
    title: str
    fields: list[FieldChange]


@dataclass(frozen=True)
class Changes:
    """The differences between submission `before` and submission `after` (numbers from 1)."""

    before: CaseSubmission
    after: CaseSubmission
    steps: list[StepChanges]


def record_submission(case: Case, actor: User) -> CaseSubmission:
    """Keep what every step holds as the case is sent for review; flushes."""
    files = {}
    for purpose in FilePurpose:
        current = case.current_file(purpose)
        if current is not None:
            files[purpose.value] = [current.id, current.sha256]
    submission = CaseSubmission(case=case, number=len(case.submissions) + 1, submitted_by=actor,
                                steps={s.name: dict(s.data or {}) for s in case.steps}, files=files)
    db.session.add(submission)
    db.session.flush()
    return submission


def since_last_submission(case: Case) -> Changes | None:
    """The changes of the latest submission over the one before; None before a resubmission."""
    if len(case.submissions) < 2:
        return None
    before, after = case.submissions[-2], case.submissions[-1]
    steps = []
    for step in wizard_steps.steps_for(case):
        fields = _field_changes(step, case, before.steps.get(step.name), after.steps.get(step.name))
        if fields:
            steps.append(StepChanges(str(step.title), fields))
    files = _file_changes(before.files, after.files)
    if files:
        steps.append(StepChanges(_("Uploaded files"), files))
    return Changes(before, after, steps)


def _field_changes(step, case: Case, old: dict | None, new: dict | None) -> list[FieldChange]:
    if old == new:
        return []
    old_values, new_values = _shown(step, case, old), _shown(step, case, new)
    return [FieldChange(label, old_values.get(label, ""), value)
            for label, value in new_values.items() if old_values.get(label, "") != value] + [
        FieldChange(label, value, "") for label, value in old_values.items() if label not in new_values and value]


def _shown(step, case: Case, data: dict | None) -> dict[str, str]:
    """{field label: value as shown} of a step's saved input (files apart: compared by content)."""
    if not data:
        return {}
    form = step.form_cls(formdata=wizard_steps.to_multidict(data), case=case, meta={"csrf": False})
    return {str(f.label.text): _display(f) for f in form
            if f.type != "CSRFTokenField" and not isinstance(f, CaseFileField)}


def _display(field) -> str:
    if isinstance(field, FieldList):
        return "; ".join(filter(None, (_display(entry) for entry in field.entries)))
    if isinstance(field, FormField):
        return " · ".join(filter(None, (_display(sub) for sub in field.form if sub.type != "CSRFTokenField")))
    if field.type == "BooleanField":
        return _("yes") if field.data else _("no")
    if field.type in _CHOICE_TYPES:
        return ", ".join(str(label) for _value, label, selected, *_rest in field.iter_choices() if selected)
    return "" if field.data is None else str(field.data).strip()


def _file_changes(old: dict, new: dict) -> list[FieldChange]:
    """A file counts as changed when its content (sha256) differs, not merely its upload."""
    changes = []
    for purpose in FilePurpose:
        before, after = old.get(purpose.value), new.get(purpose.value)
        if (before and before[1]) != (after and after[1]):
            changes.append(FieldChange(purpose.title, _file_name(before), _file_name(after)))
    return changes


def _file_name(entry: list | None) -> str:
    stored = db.session.get(StoredFile, entry[0]) if entry else None
    return stored.original_name if stored is not None else ""
