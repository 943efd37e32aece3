"""Forms of the annual report: the yearly counts kept outside the app, the plan's targets, and the
printed report's heading and signer. Every validator carries a translated message."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FloatField, IntegerField, SelectField, TextAreaField
from wtforms.validators import NumberRange, ValidationError

from app.forms import BaseForm, TrimmedStringField, max_length, optional, required, required_choice, strip_filter
from app.models.report import MANUAL_METRICS, ReportMetric
from app.reports.figures import MAX_TREND_YEARS, MIN_YEAR

#: the largest yearly count we accept (far above any province's; guards against typos)
MAX_COUNT = 1_000_000


class PercentField(FloatField):
    """A percentage; a decimal comma ("3,5") is read like a point, as Vietnamese write it."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [(valuelist[0] or "").strip().replace(",", ".").rstrip("%").strip()]
        if valuelist and valuelist[0] == "":
            self.data = None
            return
        try:
            self.data = float(valuelist[0]) if valuelist else None
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a percentage, e.g. 3 or 3,5.")) from None


def _metric_choices():
    return [("", _l("Choose…"))] + ReportMetric.choices(MANUAL_METRICS)


def year_range(last_year: int):
    return NumberRange(min=MIN_YEAR, max=last_year,
                       message=_l("Enter a year between %(min)d and %(max)d.", min=MIN_YEAR, max=last_year))


class ManualCountForm(BaseForm):
    """A yearly count of copyright, related-rights or plant-variety applications, with its source."""

    year = IntegerField(_l("Year"), validators=[required()])
    metric = SelectField(_l("Kind of application"), choices=_metric_choices, validators=[required_choice()])
    count = IntegerField(_l("Number of applications"), validators=[
        required(), NumberRange(min=0, max=MAX_COUNT, message=_l("Enter a whole number from 0 to %(max)d.",
                                                                 max=MAX_COUNT))])
    source = TrimmedStringField(_l("Source"), validators=[required(), max_length(300)],
                                description=_l("Where the figure comes from, e.g. the Copyright Office's "
                                               "statistics of 15/11/2026."))
    note = TextAreaField(_l("Note"), filters=[strip_filter], validators=[optional(), max_length(2000)])

    def __init__(self, *args, last_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year.validators = [required(), year_range(last_year)]


class PlanTargetForm(BaseForm):
    """A growth target of the provincial plan (admin)."""

    min_growth_pct = PercentField(_l("Minimum average growth (% a year)"), validators=[
        required(), NumberRange(min=-100, max=1000, message=_l("Enter a percentage between -100 and 1000."))])
    max_growth_pct = PercentField(_l("Upper end of the target band (% a year, optional)"), validators=[
        optional(), NumberRange(min=-100, max=1000, message=_l("Enter a percentage between -100 and 1000."))])
    base_year = IntegerField(_l("Base year"), validators=[required()])
    source = TrimmedStringField(_l("Source (the provincial plan)"), validators=[required(), max_length(300)])
    confirmed = BooleanField(_l("Checked against the signed plan"))
    note = TextAreaField(_l("Note"), filters=[strip_filter], validators=[optional(), max_length(2000)])

    def __init__(self, *args, last_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.base_year.validators = [required(), year_range(last_year)]

    def validate_max_growth_pct(self, field):
        if field.data is not None and self.min_growth_pct.data is not None and field.data < self.min_growth_pct.data:
            raise ValidationError(_l("The upper end cannot be below the minimum."))


def _plan_year():
    return NumberRange(min=MIN_YEAR, max=2100, message=_l("Enter a year between %(min)d and %(max)d.",
                                                          min=MIN_YEAR, max=2100))


class ReportSettingsForm(BaseForm):
    """The printed report's heading, number symbol and signature block (admin)."""

    parent_agency = TrimmedStringField(_l("Governing body (first heading line)"),
                                       validators=[required(), max_length(200)])
    agency = TrimmedStringField(_l("Reporting agency"), validators=[required(), max_length(200)])
    place = TrimmedStringField(_l("Place in the date line"), validators=[required(), max_length(100)])
    number_suffix = TrimmedStringField(_l("Document symbol after the number"), validators=[required(), max_length(40)],
                                       description=_l("e.g. BC-SKHCN, printed as \"Số: …/BC-SKHCN\"."))
    recipient = TrimmedStringField(_l("Addressed to"), validators=[required(), max_length(200)])
    signer_authority = TrimmedStringField(_l("Signing authority"), validators=[required(), max_length(100)],
                                          description=_l("e.g. KT. GIÁM ĐỐC when a deputy director signs."))
    signer_title = TrimmedStringField(_l("Signer's title"), validators=[required(), max_length(100)])
    signer_name = TrimmedStringField(_l("Signer's name"), validators=[optional(), max_length(120)])
    distribution = TextAreaField(_l("Distribution (one per line)"), filters=[strip_filter],
                                 validators=[optional(), max_length(2000)])
    plan_first_year = IntegerField(_l("First year of the plan"), validators=[required(), _plan_year()])
    midterm_last_year = IntegerField(_l("Last year of the mid-term review"), validators=[required(), _plan_year()])
    plan_last_year = IntegerField(_l("Last year of the plan (final review)"), validators=[required(), _plan_year()])

    def validate_midterm_last_year(self, field):
        if None not in (field.data, self.plan_first_year.data) and field.data < self.plan_first_year.data:
            raise ValidationError(_l("The mid-term review cannot end before the plan begins."))

    def validate_plan_last_year(self, field):
        if None not in (field.data, self.midterm_last_year.data) and field.data < self.midterm_last_year.data:
            raise ValidationError(_l("The plan cannot end before its mid-term review."))
        if None not in (field.data, self.plan_first_year.data) and field.data - self.plan_first_year.data >= MAX_TREND_YEARS:
            raise ValidationError(_l("A plan's period covers at most %(n)d years.", n=MAX_TREND_YEARS))


class ReviewPeriodForm(BaseForm):
    """The years of a review over several years (a GET form: it only chooses what to show)."""

    first = IntegerField(_l("First year"), validators=[required()])
    last = IntegerField(_l("Last year"), validators=[required()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, meta={"csrf": False}, **kwargs)
