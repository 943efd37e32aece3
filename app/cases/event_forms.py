"""The form a consultant fills to record what the IP office did (one form for every event)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, TextAreaField

from app.forms import BaseForm, DayField, TrimmedStringField, choice_list, max_length, required
from app.models import FilingChannel


class EventForm(BaseForm):
    """Which event, its date and details; fields not needed by the event are ignored."""

    name = SelectField(_l("What happened"), validators=[required()])
    event_date = DayField(_l("Date on the office's document"), validators=[])
    application_number = TrimmedStringField(_l("Application number"), validators=[max_length(20)],
                                            description=_l("As on the filing receipt, e.g. 4-2026-01234."))
    # Checked by app/cases/lifecycle.py, only for the events that need it.
    filing_channel = SelectField(_l("Filed"), choices=choice_list(FilingChannel.choices(), _l("— choose —")), validate_choice=False)
    gazette_issue = TrimmedStringField(_l("Gazette issue"), validators=[max_length(40)],
                                       description=_l("Công báo SHCN, volume A, e.g. 458A"))
    certificate_number = TrimmedStringField(_l("Certificate number"), validators=[max_length(20)],
                                            description=_l("e.g. 4-0405854-000 for a mark, 00101 for a GI"))
    letter = FileField(_l("Office letter (PDF)"), render_kw={"accept": "application/pdf"})
    # Not "note": the review buttons' form on the same page has one (ids must be unique).
    event_note = TextAreaField(_l("Note"), validators=[max_length(4000)])
    version = HiddenField()

    def __init__(self, *args, transitions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.name.choices = choice_list(((t.name, t.title) for t in transitions), _l("— choose —"))

    def details(self) -> dict:
        return {
            "event_date": self.event_date.data,
            "application_number": self.application_number.data,
            "filing_channel": self.filing_channel.data,
            "gazette_issue": self.gazette_issue.data,
            "certificate_number": self.certificate_number.data,
        }


class InternalNoteForm(BaseForm):
    note_body = TextAreaField(_l("Internal note (never shown to the producer)"), validators=[required(), max_length(4000)])


class AssignForm(BaseForm):
    consultant_id = SelectField(_l("Consultant in charge"), coerce=lambda v: int(v) if v else None)
