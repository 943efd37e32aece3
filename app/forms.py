"""The base form and validators every form uses, each with an explicit translated message.

WTForms ships no Vietnamese catalogue, so its built-in messages are routed
through the app's own catalogue (see ``BaseForm.Meta``) and listed below so
``flask translate extract`` picks them up.
"""
from __future__ import annotations

import re
from datetime import date

from flask_babel import LazyString, get_translations, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.fields.choices import SelectChoice, SelectFieldBase
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import TextInput

from app.i18n import format_date_vn
from app.inputs import database_int
from app.models.organization import TAX_CODE_RE

# WTForms' own field-level messages, marked so they are extracted and translated.
WTFORMS_BUILTIN_MESSAGES = (
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("The CSRF token is missing."),
    _l("The CSRF token is invalid."),
    _l("The CSRF token has expired."),
    _l("The CSRF tokens do not match."),
)


def _plural_message(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural message for extraction (`flask translate` reads this function's calls);
    WTForms looks the message up itself, through _AppTranslations.ngettext."""
    return singular, plural


WTFORMS_PLURAL_MESSAGES = (
    # a multiple choice posted with a value that was never offered (e.g. a tampered form)
    _plural_message("'%(value)s' is not a valid choice for this field.",
                    "'%(value)s' are not valid choices for this field."),
)

#: A chip-based citizen ID card number (căn cước công dân): 12 digits.
CITIZEN_ID_RE = re.compile(r"^\d{12}$")
#: how every date is typed and shown, whatever the browser's language (dd/mm/yyyy)
DATE_HINT = "dd/mm/yyyy"
DATE_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}"
#: years outside this range are typing mistakes (and would overflow date arithmetic near year 9999)
DATE_YEARS = range(1900, 2101)
#: Vietnamese phone numbers: 0 or +84, then 9-10 digits (spaces, dots, dashes allowed).
PHONE_RE = re.compile(r"^(?:\+84|0)\d{9,10}$")


class _AppTranslations:
    """Hands WTForms' messages to the app's catalogue (Flask-Babel)."""

    def gettext(self, string: str) -> str:
        return gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # Not flask_babel.ngettext: it %-formats with {"num": n} at once, and WTForms' own
        # "'%(value)s' is not a valid choice" would then fail with a KeyError (a 500 on bad input).
        return get_translations().ngettext(singular, plural, n)


class BaseForm(FlaskForm):
    """FlaskForm whose built-in messages come from the app's catalogue."""

    class Meta:
        def get_translations(self, form):
            return _AppTranslations()


def choice_list(pairs, empty_label=None) -> list[SelectChoice]:
    """Select options from (value, label) pairs, optionally after an empty choice."""
    options = [SelectChoice("", empty_label)] if empty_label is not None else []
    options.extend(SelectChoice(value, label) for value, label in pairs)
    return options


def int_or_none(value):
    """Coerce a select's value; the empty choice (or anything not a number) becomes None. A number
    beyond the database's INTEGER raises ValueError, which WTForms reports on the field."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return database_int(number)


def strip_filter(value):
    """Trim surrounding spaces from text input."""
    return value.strip() if isinstance(value, str) else value


#: what an empty choice (radio group, select) is told: choosing is asked for, not filling in
CHOOSE_MESSAGE = _l("Please choose one.")


class _Required(InputRequired):
    """InputRequired that also refuses input made only of spaces; a choice left empty is asked to
    choose."""

    def __call__(self, form, field):
        message = CHOOSE_MESSAGE if isinstance(field, SelectFieldBase) else self.message
        if not field.raw_data or not field.raw_data[0] or (isinstance(field.data, str) and not field.data.strip()):
            field.errors[:] = []
            raise StopValidation(message)


def required():
    return _Required(message=_l("This field is required."))


def required_choice():
    """For select fields whose empty choice coerces to None."""
    return DataRequired(message=CHOOSE_MESSAGE)


def optional():
    """For a field that may always be left empty. A field required only in some cases takes
    required_if() instead: Optional() stops the chain, so a validate_<field> never sees it empty."""
    return Optional()


def _is_empty(field) -> bool:
    """No input at all, or only spaces (as Optional() decides it)."""
    raw = field.raw_data
    return not raw or (isinstance(raw[0], str) and not raw[0].strip())


class RequiredIf:
    """Required when `condition(form)` holds, optional otherwise.

    An empty field stops the chain either way (the format validators after it would only
    complain about the emptiness); when the condition holds it stops with `message`.
    """

    def __init__(self, condition, message):
        self.condition = condition
        self.message = message
        self.field_flags = {"optional": True}

    def __call__(self, form, field):
        if not _is_empty(field):
            return
        field.errors[:] = []  # e.g. a date field's "not a valid date" for an empty input
        if self.condition(form):
            raise StopValidation(self.message)
        raise StopValidation()


def required_if(condition, message) -> RequiredIf:
    """A field required only when `condition(form)` is true, with the message saying when."""
    return RequiredIf(condition, message)


def max_length(n: int):
    return Length(max=n, message=_l("At most %(max)d characters.", max=n))


def email_address():
    return Email(message=_l("Enter a valid email address, e.g. ten@example.com."), check_deliverability=False)


def phone_number():
    """A Vietnamese phone number; separators are ignored."""

    def _check(form, field):
        if not field.data:
            return
        digits = re.sub(r"[\s.\-()]", "", field.data)
        if not PHONE_RE.match(digits):
            raise ValidationError(_l("Enter a Vietnamese phone number, e.g. 0292 3871 234 or 0912 345 678."))
        field.data = digits

    return _check


def tax_code():
    return Regexp(
        TAX_CODE_RE,
        message=_l("A tax code has 10 digits, or 10 digits, a dash and 3 digits (e.g. 6300123456-001)."),
    )


def citizen_id():
    """A chip-based citizen ID (CCCD): exactly 12 digits. 11 digits is almost always a number
    that went through Excel and lost its leading zero, so the message says so."""

    def _check(form, field):
        value = re.sub(r"\s", "", field.data or "")
        if len(value) == 11 and value.isdigit():
            raise ValidationError(_l("A citizen ID number has 12 digits; this one has 11. If it was copied "
                                     "from Excel, the leading 0 was probably lost: type it again with the 0."))
        if not CITIZEN_ID_RE.match(value):
            raise ValidationError(_l("A citizen ID number has exactly 12 digits, e.g. 092201001234."))
        field.data = value

    return _check


class TrimmedStringField(StringField):
    """A text field that trims spaces, so '  ' counts as empty."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("filters", []).append(strip_filter)
        super().__init__(*args, **kwargs)


def parse_date(text: str) -> date:
    """'05/02/2026' (or '5/2/2026') is 5 February 2026. Anything else raises ValueError, an ISO
    '2026-02-05' included: one way of writing a date, the one Vietnamese papers use."""
    if not re.fullmatch(DATE_PATTERN, text.strip()):
        raise ValueError(text)
    day, month, year = (int(part) for part in text.strip().split("/"))
    if year not in DATE_YEARS:
        raise ValueError(text)
    return date(year, month, day)


class DayField(DateField):
    """A date typed as dd/mm/yyyy in a text box, in every form.

    Not <input type="date">: office PCs often run English browsers, whose date input shows and
    expects mm/dd/yyyy whatever the page's language. A date that does not exist ("31/02/2026") or
    is written another way gets the field's message, and the typed text is shown again."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs["render_kw"] = {"inputmode": "numeric", "pattern": DATE_PATTERN, "placeholder": DATE_HINT,
                               "autocomplete": "off", **kwargs.get("render_kw", {})}
        super().__init__(label, validators, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_date_vn(self.data)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = parse_date(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(gettext("Enter a date as dd/mm/yyyy, e.g. 15/11/2026.")) from None


class EmptyForm(BaseForm):
    """A form with only the CSRF token, for POST-only buttons."""


def cited(message, citation) -> LazyString:
    """A text producers read as plain words, and staff with its legal basis after it: citations and
    "unconfirmed" marks are for staff (issue 16). Evaluated when shown, for the user who reads it."""
    from app.security import can  # app.security reads the models, which read this module's patterns

    def text() -> str:
        plain = str(message)
        if not (current_user and can(current_user, "reference.legal_details")):
            return plain
        end = "." if plain.endswith(".") else ""  # the citation goes before the sentence's full stop
        return gettext("%(message)s (%(citation)s)", message=plain[:-1] if end else plain,
                       citation=str(citation)) + end

    return LazyString(text)
