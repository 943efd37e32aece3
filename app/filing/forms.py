"""The producer's filing plan and report, and an admin's edit of an office's details."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SelectField
from wtforms.validators import DataRequired, NumberRange, ValidationError

from app import clock
from app.cases.lifecycle import GI_APPLICATION_RE, MARK_APPLICATION_RE
from app.forms import BaseForm, DayField, TrimmedStringField, choice_list, max_length, required, required_if
from app.models import CaseKind, FilingRoute


class PlanForm(BaseForm):
    route = RadioField(_l("Who files, and how"), choices=choice_list(FilingRoute.choices()),
                       validators=[DataRequired(message=_l("Choose how the application will be filed."))])
    office_id = SelectField(_l("IP office where the paper dossier goes"), coerce=lambda v: int(v) if v else None,
                            validate_choice=False,
                            validators=[required_if(lambda form: form.route.data in ("post", "in_person"),
                                                    _l("Choose the office you send or bring the dossier to."))])

    def __init__(self, *args, offices=(), **kwargs):
        # prefixed: the case page also holds DOST's event form, whose fields have the same names
        super().__init__(*args, prefix="plan", **kwargs)
        self.office_id.choices = choice_list(((o.id, o.name) for o in offices), _l("— choose —"))
        self._office_ids = {o.id for o in offices}

    def validate_office_id(self, field):
        if field.data is not None and field.data not in self._office_ids:
            raise ValidationError(_l("Choose one of the offices listed."))


class ReportForm(BaseForm):
    """What the filing receipt says; DOST confirms it by recording the filing."""

    application_number = TrimmedStringField(
        _l("Application number"), validators=[required(), max_length(20)],
        description=_l("As on the filing receipt, e.g. 4-2026-01234."))
    filing_date = DayField(_l("Filing date"),
                           validators=[DataRequired(message=_l("Enter the filing date shown on the receipt."))])

    def __init__(self, *args, case=None, approved_on=None, **kwargs):
        super().__init__(*args, prefix="report", **kwargs)
        self._case = case
        self._approved_on = approved_on

    def validate_application_number(self, field):
        pattern = GI_APPLICATION_RE if self._case is not None and self._case.kind == CaseKind.GI else MARK_APPLICATION_RE
        match = pattern.match(field.data or "")
        if not match:
            raise ValidationError(_l("An application number looks like 4-2026-01234."))
        if self.filing_date.data and int(match.group(1)) != self.filing_date.data.year:
            raise ValidationError(_l("The year in the number must be the filing year."))

    def validate_filing_date(self, field):
        if field.data > clock.today():
            raise ValidationError(_l("The filing date cannot be in the future."))
        if self._approved_on is not None and field.data < self._approved_on:
            raise ValidationError(_l("The filing date cannot be before DOST approved the application (%(date)s).",
                                     date=self._approved_on.strftime("%d/%m/%Y")))


class OfficeForm(BaseForm):
    name = TrimmedStringField(_l("Name"), validators=[required(), max_length(200)])
    address = TrimmedStringField(_l("Address"), validators=[max_length(300)])
    portal_url = TrimmedStringField(_l("Online filing portal"), validators=[max_length(200)])
    payment_recipient = TrimmedStringField(_l("Payment recipient"), validators=[max_length(200)])
    payment_account = TrimmedStringField(_l("Account number"), validators=[max_length(60)])
    payment_bank = TrimmedStringField(_l("Bank"), validators=[max_length(200)])
    payment_note = TrimmedStringField(
        _l("Transfer content"), validators=[max_length(300)],
        description=_l("{applicant} and {title} are replaced by the applicant's name and the application's title."))
    source = TrimmedStringField(_l("Source"), validators=[required(), max_length(300)])
    confirmed = BooleanField(_l("Checked against the IP office's own notice"))
    active = BooleanField(_l("In use"))
    position = IntegerField(_l("Order"), validators=[NumberRange(min=0, max=999, message=_l("A number from 0 to 999."))])

    def validate_portal_url(self, field):
        if field.data and not field.data.startswith(("https://", "http://")):
            raise ValidationError(_l("A web address starts with https://"))
