"""Forms of the contributions: DOST's round, its note when sending a contribution back, and the
admin's agency and contributor accounts. The figures themselves are data-driven fields read in
routes.py and checked by unit in services.parse_value."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, PasswordField, TextAreaField
from wtforms.validators import NumberRange

from app.auth.forms import AccountFieldsMixin, password_rules
from app.forms import (
    BaseForm,
    DayField,
    TrimmedStringField,
    email_address,
    max_length,
    optional,
    phone_number,
    required,
)


class RoundForm(BaseForm):
    year = IntegerField(_l("Year of the report"), validators=[
        required(), NumberRange(min=2020, max=2100, message=_l("Enter a year from %(min)s to %(max)s."))])
    due_date = DayField(_l("Due date (dd/mm/yyyy)"), validators=[required()],
                        description=_l("The plan asks for the report before 15 December; e.g. 30/11."))


class SendBackForm(BaseForm):
    note = TextAreaField(_l("What must be corrected"), validators=[required(), max_length(2000)])


class AgencyForm(BaseForm):
    code = TrimmedStringField(_l("Short code"), validators=[required(), max_length(40)])
    name = TrimmedStringField(_l("Name"), validators=[required(), max_length(200)])
    contact_name = TrimmedStringField(_l("Contact person"), validators=[optional(), max_length(120)])
    contact_email = TrimmedStringField(_l("Contact email"), validators=[optional(), max_length(254), email_address()])
    contact_phone = TrimmedStringField(_l("Contact phone"), validators=[phone_number()])
    active = BooleanField(_l("Asked to contribute"), default=True)


class ContributorForm(AccountFieldsMixin, BaseForm):
    password = PasswordField(_l("Initial password"), validators=password_rules(),
                             description=_l("The user must change it at first login."))
