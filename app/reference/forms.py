"""Admin forms for the reference data: fee rates, Nice terms, form versions.

Field names equal the model's column names, so the audit history can label
each changed column with its form label.
"""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, TextAreaField
from wtforms.validators import Regexp, ValidationError
from wtforms.widgets import TextInput

from app.forms import BaseForm, DayField, TrimmedStringField, choice_list, max_length, optional, required, strip_filter
from app.models import CaseKind, FeeRate, FeeStage, FeeUnit, FormVersion, NiceTerm, ProductGroup
from app.reference import services

#: what people type between the digits of an amount: 1.000.000, 1,000,000, 1 000 000 ₫
AMOUNT_SEPARATORS = re.compile(r"[\s.,\u00a0₫]|đ|VND", re.IGNORECASE)


class AmountField(IntegerField):
    """A whole number of đồng; dots, commas, spaces and a trailing ₫ are ignored.

    The đồng has no decimals, so '1.000.000' and '1,000,000' both mean one million.
    A text input (not type=number) lets people type the separators they are used to.
    """

    widget = TextInput()

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = AMOUNT_SEPARATORS.sub("", valuelist[0] or "")
        if not text:
            self.data = None
            return
        try:
            self.data = int(text)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter the amount in đồng as a whole number, e.g. 150000.")) from None


#: the largest amount or position stored: PostgreSQL's INTEGER stops at 2,147,483,647
MAX_AMOUNT = 2_000_000_000
MAX_SORT_ORDER = 100_000

#: a unique key already used, said by the form's check and by the route when another admin won the race
RATE_TAKEN = _l("This fee already has a rate starting on this date. Change the date, or edit that rate.")
TERM_TAKEN = _l("This term is already listed in this class for this group.")
HOLIDAY_TAKEN = _l("This date is already a public holiday.")


def amount_range():
    """0 or more, and below what the column holds; a non-number already has its own message."""

    def _check(form, field):
        if field.data is None:
            return
        if field.data < 0:
            raise ValidationError(_l("The amount cannot be negative."))
        if field.data > MAX_AMOUNT:
            raise ValidationError(_l("The amount is too large."))

    return _check


def whole_number_between(low: int, high: int, message):
    """A range check that stays quiet when the input was not a number (WTForms said so already)."""

    def _check(form, field):
        if field.data is not None and not low <= field.data <= high:
            raise ValidationError(message)

    return _check


def nice_class_range():
    return whole_number_between(1, 45, _l("A Nice class is a number from 1 to 45."))


def not_before(start_field: str):
    """An end date on or after the start date in `start_field`."""

    def _check(form, field):
        start = form[start_field].data
        if field.data is not None and start is not None and field.data < start:
            raise ValidationError(_l("The end date cannot be before the start date."))

    return _check


def _text_or_none(value: str | None) -> str | None:
    return value or None


class _Dates:
    effective_from = DayField(
        _l("In force from"),
        validators=[required()],
        description=_l("The first day the figure applies."),
    )
    effective_to = DayField(
        _l("In force until"),
        validators=[optional(), not_before("effective_from")],
        description=_l("The last day it applies. Leave empty while it is still in force."),
    )


class FeeRateForm(_Dates, BaseForm):
    """Edit an existing rate: its figure, wording, legal basis and dates."""

    amount = AmountField(
        _l("Amount (VND)"),
        validators=[required(), amount_range()],
        description=_l("In đồng, for one unit, e.g. 150000."),
    )
    title_vi = TrimmedStringField(_l("Title in Vietnamese"), validators=[required(), max_length(200)])
    title_en = TrimmedStringField(_l("Title in English"), validators=[required(), max_length(200)])
    legal_basis = TrimmedStringField(
        _l("Legal basis"),
        validators=[required(), max_length(300)],
        description=_l("The circular or decree that sets the figure, e.g. Thông tư 263/2016/TT-BTC."),
    )
    confirmed = BooleanField(_l("Checked against the official text"))
    note = TextAreaField(
        _l("Note"),
        filters=[strip_filter],
        description=_l("Where the figure comes from, or what is still to be checked."),
    )

    def __init__(self, *args, rate: FeeRate | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._rate = rate

    def _key(self) -> tuple[str | None, CaseKind | None]:
        """The rate's code and kind: with effective_from, the key that must stay unique."""
        return (self._rate.code, self._rate.case_kind) if self._rate else (None, None)

    def validate_effective_from(self, field):
        if field.data is None:
            return
        code, kind = self._key()
        if code and kind and services.fee_rate_taken(code, kind, field.data, self._rate.id if self._rate else None):
            raise ValidationError(RATE_TAKEN)

    def edited_fields(self) -> dict:
        """The edited columns and their values, as the service saves them."""
        return {
            "amount": self.amount.data,
            "title_vi": self.title_vi.data,
            "title_en": self.title_en.data,
            "legal_basis": self.legal_basis.data,
            "effective_from": self.effective_from.data,
            "effective_to": self.effective_to.data,
            "confirmed": self.confirmed.data,
            "note": _text_or_none(self.note.data),
        }

    def fill_from(self, rate: FeeRate) -> None:
        for name in ("amount", "title_vi", "title_en", "legal_basis", "effective_from", "effective_to",
                     "confirmed", "note"):
            self[name].data = getattr(rate, name)


class NewFeeRateForm(FeeRateForm):
    """A new rate: also which fee it is, for which kind, when it is paid and how it counts."""

    code = TrimmedStringField(
        _l("Code"),
        validators=[
            required(),
            max_length(40),
            Regexp(r"^[a-z0-9_]+$", message=_l("Use lower-case letters, digits and _ only, e.g. grant_extra_class.")),
        ],
        description=_l("Same code as the rate it replaces, so the newer date takes over."),
    )
    case_kind = SelectField(
        _l("Kind of application"),
        choices=choice_list(CaseKind.choices()),
        validators=[required()],
    )
    stage = SelectField(
        _l("When it is paid"),
        choices=choice_list(FeeStage.choices()),
        validators=[required()],
    )
    unit = SelectField(
        _l("Unit"),
        choices=choice_list(FeeUnit.choices()),
        validators=[required()],
    )
    sort_order = IntegerField(
        _l("Position in the list"),
        default=0,
        validators=[
            required(),
            whole_number_between(0, MAX_SORT_ORDER, _l("Between 0 and %(max)d.", max=MAX_SORT_ORDER)),
        ],
        description=_l("Smaller numbers are listed first."),
    )

    def _key(self) -> tuple[str | None, CaseKind | None]:
        kind = self.case_kind.data
        return self.code.data, CaseKind(kind) if kind in set(CaseKind) else None

    def edited_fields(self) -> dict:
        """The rate's columns, with which fee it is, for which kind, when paid and how counted."""
        return {
            **super().edited_fields(),
            "code": self.code.data,
            "case_kind": CaseKind(self.case_kind.data),
            "stage": FeeStage(self.stage.data),
            "unit": FeeUnit(self.unit.data),
            "sort_order": self.sort_order.data,
        }

    def fill_from(self, rate: FeeRate) -> None:
        """Prefill from an existing rate (?copy=<id>): a new figure for the same fee."""
        super().fill_from(rate)
        self.code.data = rate.code
        self.case_kind.data = rate.case_kind.value
        self.stage.data = rate.stage.value
        self.unit.data = rate.unit.value
        self.sort_order.data = rate.sort_order
        self.effective_from.data = None
        self.effective_to.data = None


class NiceTermForm(BaseForm):
    term_vi = TrimmedStringField(
        _l("Term in Vietnamese"),
        validators=[required(), max_length(250)],
        description=_l("As it will appear in the list of goods and services, e.g. Nước mắm."),
    )
    term_en = TrimmedStringField(_l("Term in English"), validators=[optional(), max_length(250)])
    nice_class = IntegerField(
        _l("Nice class"),
        validators=[required(), nice_class_range()],
        description=_l("From 1 to 45."),
    )
    ocop_group = SelectField(
        _l("OCOP product group"),
        choices=choice_list(ProductGroup.choices(), _l("— none —")),
        description=_l("The group whose producers are offered this term."),
    )
    note = TrimmedStringField(_l("Note"), validators=[optional(), max_length(500)])
    active = BooleanField(_l("Offered to producers"), default=True)

    def __init__(self, *args, term: NiceTerm | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._term = term

    def _group(self) -> ProductGroup | None:
        return ProductGroup(self.ocop_group.data) if self.ocop_group.data in set(ProductGroup) else None

    def validate_term_vi(self, field):
        if not field.data or self.nice_class.data is None or not 1 <= self.nice_class.data <= 45:
            return
        if services.nice_term_taken(field.data, self.nice_class.data, self._group(), self._term.id if self._term else None):
            raise ValidationError(TERM_TAKEN)

    def edited_fields(self) -> dict:
        """The edited columns and their values, as the service saves them."""
        return {
            "term_vi": self.term_vi.data,
            "term_en": self.term_en.data or "",
            "nice_class": self.nice_class.data,
            "ocop_group": self._group(),
            "note": _text_or_none(self.note.data),
            "active": self.active.data,
        }

    def fill_from(self, term: NiceTerm) -> None:
        self.term_vi.data = term.term_vi
        self.term_en.data = term.term_en
        self.nice_class.data = term.nice_class
        self.ocop_group.data = term.ocop_group.value if term.ocop_group else ""
        self.note.data = term.note
        self.active.data = term.active


class FormVersionForm(_Dates, BaseForm):
    form_number = TrimmedStringField(
        _l("Form number"),
        validators=[required(), max_length(60)],
        description=_l("As printed on the form, e.g. Mẫu số 08."),
    )
    form_title = TrimmedStringField(_l("Form title"), validators=[required(), max_length(200)])
    legal_basis = TrimmedStringField(
        _l("Legal basis"),
        validators=[required(), max_length(300)],
        description=_l("Where the form is published, e.g. Phụ lục I, Nghị định 65/2023/NĐ-CP."),
    )
    active = BooleanField(_l("In use"))
    confirmed = BooleanField(_l("Checked against the official text"))
    note = TextAreaField(_l("Note"), filters=[strip_filter])

    def edited_fields(self) -> dict:
        """The edited columns and their values, as the service saves them."""
        return {
            "form_number": self.form_number.data,
            "form_title": self.form_title.data,
            "legal_basis": self.legal_basis.data,
            "effective_from": self.effective_from.data,
            "effective_to": self.effective_to.data,
            "active": self.active.data,
            "confirmed": self.confirmed.data,
            "note": _text_or_none(self.note.data),
        }

    def fill_from(self, version: FormVersion) -> None:
        for name in ("form_number", "form_title", "legal_basis", "effective_from", "effective_to", "active",
                     "confirmed", "note"):
            self[name].data = getattr(version, name)


# Deadline rules, public holidays, validity periods -------------------------------------


def number_between(low: int, high: int):
    """A whole number from `low` to `high`, with the limits in the message."""
    return whole_number_between(low, high, _l("A whole number from %(min)d to %(max)d.", min=low, max=high))


class DeadlineRuleForm(BaseForm):
    """Edit a rule's wording, period, extension, legal basis and the filings it applies to.

    What the rule is about (code, trigger, closing events, party, kinds, direction) stays fixed:
    a different time limit is a different rule.
    """

    title_vi = TrimmedStringField(_l("Title in Vietnamese"), validators=[required(), max_length(200)])
    title_en = TrimmedStringField(_l("Title in English"), validators=[required(), max_length(200)])
    months = IntegerField(
        _l("Months"),
        validators=[required(), number_between(0, 240)],
        description=_l("Length of the time limit in months (0 if it is counted in days)."),
    )
    days = IntegerField(
        _l("Days"),
        validators=[required(), number_between(0, 3650)],
        description=_l("Days added to the months (0 if none)."),
    )
    extendable_times = IntegerField(
        _l("Extensions allowed"),
        validators=[required(), number_between(0, 5)],
        description=_l("How many times the time limit can be extended (0: it cannot)."),
    )
    extension_months = IntegerField(
        _l("Months per extension"),
        validators=[required(), number_between(0, 24)],
        description=_l("Each extension runs from the end of the previous period."),
    )
    legal_basis = TrimmedStringField(
        _l("Legal basis"),
        validators=[required(), max_length(300)],
        description=_l("The article and the law, decree or circular, e.g. Luật Sở hữu trí tuệ, Điều 119 khoản 1."),
    )
    filed_from = DayField(
        _l("Applies to applications filed from"),
        validators=[optional()],
        description=_l("Leave empty if it applies to every earlier filing."),
    )
    filed_to = DayField(
        _l("Applies to applications filed until"),
        validators=[optional(), not_before("filed_from")],
        description=_l("Leave empty while it still applies to new filings."),
    )
    confirmed = BooleanField(_l("Checked against the official text"))
    active = BooleanField(_l("In use"))
    note = TextAreaField(_l("Note"), filters=[strip_filter])

    FIELDS = ("title_vi", "title_en", "months", "days", "extendable_times", "extension_months", "legal_basis",
              "filed_from", "filed_to", "confirmed", "active", "note")

    def edited_fields(self) -> dict:
        """The edited columns and their values, as the service saves them."""
        fields = {name: self[name].data for name in self.FIELDS}
        fields["note"] = _text_or_none(fields["note"])
        return fields

    def fill_from(self, rule) -> None:
        for name in self.FIELDS:
            self[name].data = getattr(rule, name)


class HolidayForm(BaseForm):
    day = DayField(_l("Date"), validators=[required()])
    name = TrimmedStringField(
        _l("Name"),
        validators=[required(), max_length(120)],
        description=_l("e.g. Tết Nguyên đán, Giỗ Tổ Hùng Vương."),
    )
    source = TrimmedStringField(
        _l("Source"),
        validators=[required(), max_length(300)],
        description=_l("The notice or the law that sets the day off, with its number and date, "
                       "e.g. Bộ luật Lao động 2019, Điều 112."),
    )
    confirmed = BooleanField(_l("Checked against the official text"))

    def validate_day(self, field):
        if field.data is not None and services.holiday_on(field.data) is not None:
            raise ValidationError(HOLIDAY_TAKEN)


class ValidityPeriodForm(BaseForm):
    months = IntegerField(
        _l("Months"),
        validators=[required(), number_between(1, 600)],
        description=_l("How long the title is valid, in months (120 = 10 years)."),
    )
    legal_basis = TrimmedStringField(_l("Legal basis"), validators=[required(), max_length(300)])
    confirmed = BooleanField(_l("Checked against the official text"))
    note = TextAreaField(_l("Note"), filters=[strip_filter])

    def edited_fields(self) -> dict:
        """The edited columns and their values, as the service saves them."""
        return {"months": self.months.data, "legal_basis": self.legal_basis.data,
                "confirmed": self.confirmed.data, "note": _text_or_none(self.note.data)}

    def fill_from(self, period) -> None:
        for name in ("months", "legal_basis", "confirmed", "note"):
            self[name].data = getattr(period, name)
