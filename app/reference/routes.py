"""Reference data pages: the public fee schedule, and the admin's editors for fees,
Nice terms, form versions, deadline rules, public holidays and validity periods
(every change audited)."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms.fields.core import UnboundField

from app import audit, clock, inputs
from app.cases.workflow import BY_NAME as TRANSITIONS_BY_NAME
from app.extensions import db
from app.forms import EmptyForm
from app.i18n import count_days, count_months, format_date_vn, format_number, get_locale
from app.models import (
    CaseKind,
    DeadlineRule,
    FeeRate,
    FeeStage,
    FeeUnit,
    FormVersion,
    Holiday,
    NiceTerm,
    ProductGroup,
    ValidityPeriod,
)
from app.reference import bp, services
from app.reference.forms import (
    HOLIDAY_TAKEN,
    RATE_TAKEN,
    TERM_TAKEN,
    DeadlineRuleForm,
    FeeRateForm,
    FormVersionForm,
    HolidayForm,
    NewFeeRateForm,
    NiceTermForm,
    ValidityPeriodForm,
)
from app.security import permission_required

ACTION_TITLES = {"create": _l("Added"), "update": _l("Changed"), "delete": _l("Deleted")}
#: columns holding an enum value, shown with the enum's title in the history
ENUM_COLUMNS = {"case_kind": CaseKind, "stage": FeeStage, "unit": FeeUnit, "ocop_group": ProductGroup}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# Public ------------------------------------------------------------------------------


@bp.route("/fees")
@permission_required("reference.view")
def fees():
    """The official fees in force today for each kind of application, with an example."""
    today = clock.today()
    return render_template(
        "reference/fees.html",
        sections=services.fee_schedule(today),
        today=today,
        example_classes=len(services.EXAMPLE_ITEMS_PER_CLASS),
    )


# Admin: index ------------------------------------------------------------------------


@bp.route("/admin/")
@permission_required("reference.manage")
def admin_index():
    """Links to the lists an admin maintains."""
    return render_template(
        "reference/admin_index.html",
        fee_count=_count(FeeRate),
        term_count=_count(NiceTerm),
        form_count=_count(FormVersion),
        rule_count=_count(DeadlineRule),
        holiday_count=_count(Holiday),
        period_count=_count(ValidityPeriod),
    )


# Admin: fee rates --------------------------------------------------------------------


@bp.route("/admin/fees")
@permission_required("reference.manage")
def admin_fees():
    """Every rate, including past and future ones, with whether it is in force today."""
    kind = _enum_arg(CaseKind, "kind")
    today = clock.today()
    return render_template(
        "reference/admin_fees.html",
        rates=services.all_fee_rates(kind),
        in_force=services.fee_rate_ids_in_force(today),
        today=today,
        kind=kind,
        kinds=list(CaseKind),
    )


@bp.route("/admin/fees/new", methods=["GET", "POST"])
@permission_required("reference.manage")
def new_fee():
    """A new rate; `?copy=<id>` prefills it from an existing one (a new figure from a new date)."""
    form = NewFeeRateForm()
    source = None
    if request.method == "GET" and request.args.get("copy", type=inputs.database_int):
        source = db.get_or_404(FeeRate, request.args.get("copy", type=inputs.database_int))
        form.fill_from(source)

    def save():
        rate = services.create_fee_rate(form.edited_fields(), current_user)
        return _("Fee rate added."), url_for("reference.edit_fee", rate_id=rate.id)

    return _submit(form, save, "reference/fee_form.html", lambda: {"rate": None, "source": source},
                   taken=("effective_from", RATE_TAKEN))


@bp.route("/admin/fees/<int:rate_id>", methods=["GET", "POST"])
@permission_required("reference.manage")
def edit_fee(rate_id: int):
    """Correct a rate (its figure, wording, basis, dates); the page shows its audit history."""
    rate = db.get_or_404(FeeRate, rate_id)
    return _edit(rate, FeeRateForm(rate=rate), services.update_fee_rate, "reference/fee_form.html",
                 labels_from=NewFeeRateForm, taken=("effective_from", RATE_TAKEN), rate=rate, source=None)


# Admin: Nice terms -------------------------------------------------------------------


@bp.route("/admin/terms")
@permission_required("reference.manage")
def admin_terms():
    """Terms filtered by class and OCOP group, searched without accents."""
    nice_class = request.args.get("nice_class", type=inputs.database_int)
    group = _enum_arg(ProductGroup, "group")
    query = request.args.get("q", "").strip()
    return render_template(
        "reference/admin_terms.html",
        terms=services.search_terms(nice_class, group, query),
        nice_class=nice_class,
        group=group,
        query=query,
        groups=list(ProductGroup),
    )


@bp.route("/admin/terms/new", methods=["GET", "POST"])
@permission_required("reference.manage")
def new_term():
    """Add a goods/services term to the list producers pick from."""
    form = NiceTermForm()

    def save():
        term = services.create_nice_term(form.edited_fields(), current_user)
        return _("Term added."), url_for("reference.admin_terms", nice_class=term.nice_class)

    return _submit(form, save, "reference/term_form.html", lambda: {"term": None}, taken=("term_vi", TERM_TAKEN))


@bp.route("/admin/terms/<int:term_id>", methods=["GET", "POST"])
@permission_required("reference.manage")
def edit_term(term_id: int):
    """Correct a term; the page shows its audit history."""
    term = db.get_or_404(NiceTerm, term_id)
    return _edit(term, NiceTermForm(term=term), services.update_nice_term, "reference/term_form.html",
                 taken=("term_vi", TERM_TAKEN), term=term)


# Admin: form versions ----------------------------------------------------------------


@bp.route("/admin/forms")
@permission_required("reference.manage")
def admin_forms():
    """The official declaration forms per kind, in use or not."""
    return render_template("reference/admin_forms.html", versions=services.all_form_versions(), today=clock.today())


@bp.route("/admin/forms/<int:version_id>", methods=["GET", "POST"])
@permission_required("reference.manage")
def edit_form_version(version_id: int):
    """Correct a form version; the page shows its audit history."""
    version = db.get_or_404(FormVersion, version_id)
    return _edit(version, FormVersionForm(), services.update_form_version, "reference/form_version_form.html",
                 version=version)


# Admin: deadline rules ---------------------------------------------------------------


@bp.route("/admin/rules")
@permission_required("reference.manage")
def admin_rules():
    """Every legal time limit, by the event that starts it."""
    return render_template(
        "reference/admin_rules.html", rules=services.all_deadline_rules(), **RULE_HELPERS
    )


@bp.route("/admin/rules/<int:rule_id>", methods=["GET", "POST"])
@permission_required("reference.manage")
def edit_rule(rule_id: int):
    """Correct a rule; a new period recounts the open deadlines made from it. Shows its audit history."""
    rule = db.get_or_404(DeadlineRule, rule_id)
    return _edit(rule, DeadlineRuleForm(), services.update_deadline_rule, "reference/rule_form.html",
                 saved=_rule_saved, rule=rule, **RULE_HELPERS)


# Admin: public holidays --------------------------------------------------------------


@bp.route("/admin/holidays", methods=["GET", "POST"])
@permission_required("reference.manage")
def admin_holidays():
    """The year's public holidays (`?year=`, this year in Vietnam by default); POST adds one."""
    form = HolidayForm()

    def save():
        holiday, recounted = services.add_holiday(
            {name: form[name].data for name in ("day", "name", "source", "confirmed")}, current_user)
        return (_("Holiday added. Open deadlines recounted: %(count)d.", count=recounted),
                url_for("reference.admin_holidays", year=holiday.day.year))

    def page() -> dict:
        # a refused date shows its own year, so the admin sees the holiday it clashes with
        year = form.day.data.year if form.day.data is not None else _year_asked()
        return {"year": year, "holidays": services.holidays_in_year(year),
                "history": _history(services.holiday_changes(), HolidayForm)}

    return _submit(form, save, "reference/admin_holidays.html", page, taken=("day", HOLIDAY_TAKEN))


@bp.route("/admin/holidays/<int:holiday_id>/delete", methods=["POST"])
@permission_required("reference.manage")
def delete_holiday(holiday_id: int):
    """Remove a holiday (a wrong date); the deletion is audited and nearby deadlines recounted."""
    holiday = db.get_or_404(Holiday, holiday_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    year = holiday.day.year
    recounted = services.delete_holiday(holiday, current_user)
    db.session.commit()
    flash(_("Holiday removed. Open deadlines recounted: %(count)d.", count=recounted), "success")
    return redirect(url_for("reference.admin_holidays", year=year))


# Admin: validity periods -------------------------------------------------------------


@bp.route("/admin/periods")
@permission_required("reference.manage")
def admin_periods():
    """How long titles last (a mark's certificate, an OCOP certificate)."""
    return render_template(
        "reference/admin_periods.html", periods=services.all_validity_periods(), period_subject=_period_subject
    )


@bp.route("/admin/periods/<int:period_id>", methods=["GET", "POST"])
@permission_required("reference.manage")
def edit_period(period_id: int):
    """Correct a validity period; the page shows its audit history."""
    period = db.get_or_404(ValidityPeriod, period_id)
    return _edit(period, ValidityPeriodForm(), services.update_validity_period, "reference/period_form.html",
                 period=period, period_subject=_period_subject)


# Helpers -----------------------------------------------------------------------------


def _submit(form, save: Callable[[], tuple[str, str]], template: str, page: Callable[[], dict],
            taken: tuple[str, str] | None = None):
    """Handle an admin form for audited reference data: save a valid POST, else show the form.

    `save()` calls the service, which applies the form, records the audit entry and flushes;
    it returns the flash message and where to go next. The route commits once, here. Otherwise
    the form is shown again (422 when its input was refused), `page()` giving the template's
    other variables: it runs after a failed save, so they show what the database now holds.
    `taken` is (field name, message) for a row with a unique key: another admin may save the
    same key after the form's own check passed, and the database's refusal is shown next to
    that field instead of as an error page.
    """
    if form.validate_on_submit():
        try:
            message, next_url = save()
        except IntegrityError:
            if taken is None:
                raise
            db.session.rollback()
            field, text = taken
            form[field].errors.append(text)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(next_url)
    status = 422 if form.errors else 200
    return render_template(template, form=form, **page()), status


def _edit(row, form, update: Callable, template: str, *, labels_from=None, saved: Callable[..., str] | None = None,
          taken: tuple[str, str] | None = None, **context):
    """The editor of one audited row: GET shows it in the form, a valid POST saves it and comes back.

    `update(row, fields, actor)` is the service that applies and audits the edit; `saved` turns
    what it returns into the flash message ("Saved." by default). The page also lists the row's
    audit history, labelled by the form class `labels_from` (by default the form's own).
    """
    if request.method == "GET":
        form.fill_from(row)

    def save():
        result = update(row, form.edited_fields(), current_user)
        # back to this same editor: its endpoint and the row id from its URL
        return (saved(result) if saved else _("Saved.")), url_for(request.endpoint, **request.view_args)

    def page() -> dict:
        return {**context, "history": _history(audit.history(row), labels_from or type(form))}

    return _submit(form, save, template, page, taken)


def _rule_saved(result: tuple) -> str:
    """The flash after a rule's edit, with how many open deadlines its new period moved."""
    _entry, recounted = result
    if recounted:
        return _("Saved. Open deadlines recounted: %(count)d.", count=recounted)
    return _("Saved.")


def _year_asked() -> int:
    """The year in `?year=`, or this year in Vietnam when it is missing or implausible."""
    year = request.args.get("year", type=inputs.database_int) or clock.today().year
    if not 1900 <= year <= 2200:
        year = clock.today().year
    return year


def _trigger_title(trigger: str) -> str:
    """The lifecycle event that starts a rule's period, in words (its code if unknown)."""
    transition = TRANSITIONS_BY_NAME.get(trigger)
    return str(transition.title) if transition else trigger



def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _enum_arg(enum_cls, name: str):
    """An enum member from the query string, or None when absent or unknown."""
    value = request.args.get(name, "")
    return enum_cls(value) if value in set(enum_cls) else None


def _history(entries, form_cls) -> list[dict]:
    """Audit entries as templates/macros/history.html shows them, each column under its form label."""
    return audit.history_rows(entries, labels=_field_labels(form_cls), shown=_shown, action_titles=ACTION_TITLES)


def _field_labels(form_cls) -> dict:
    """Column name -> the form's label for it (form fields are named after the columns)."""
    labels = {}
    for name in dir(form_cls):
        value = getattr(form_cls, name, None)
        if isinstance(value, UnboundField):
            labels[name] = value.args[0] if value.args else value.kwargs.get("label", name)
    return labels


def _shown(name: str, value) -> str:
    """An audited value as people read it: dd/mm/yyyy dates, grouped numbers, titles of enums."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name in ENUM_COLUMNS and value in set(ENUM_COLUMNS[name]):
        return ENUM_COLUMNS[name](value).title
    if isinstance(value, int):
        return format_number(value, locale=get_locale()) if name not in ("nice_class", "sort_order") else str(value)
    if isinstance(value, str) and ISO_DATE.match(value):
        return format_date_vn(date.fromisoformat(value))
    return str(value)


def _kinds_title(values) -> str:
    """Comma-separated CaseKind values (or "ocop") in words, in the usual order of kinds."""
    titles = [kind.title for kind in CaseKind if kind.value in values]
    if "ocop" in values:
        titles.append(_("OCOP certificate"))
    return ", ".join(str(t) for t in titles) or "—"


def _rule_kinds(rule: DeadlineRule) -> str:
    return _kinds_title(rule.kinds())


def _period_subject(period: ValidityPeriod) -> str:
    return _kinds_title({v.strip() for v in period.subject.split(",")})


def _rule_period(rule: DeadlineRule) -> str:
    """The rule's period in words: "2 months after the event", "6 months before the expiry date"."""
    parts = []
    if rule.months:
        parts.append(count_months(rule.months))
    if rule.days:
        parts.append(count_days(rule.days))
    if not parts:
        return _("On the expiry date") if rule.from_expiry else _("On the day of the event")
    amount = " + ".join(parts)
    if rule.from_expiry:
        return (_("%(amount)s before the expiry date", amount=amount) if rule.before
                else _("%(amount)s after the expiry date", amount=amount))
    return (_("%(amount)s before the event", amount=amount) if rule.before
            else _("%(amount)s after the event", amount=amount))


def _rule_filings(rule: DeadlineRule) -> str:
    """The filing dates the rule applies to."""
    if rule.filed_from and rule.filed_to:
        return _("Filed from %(start)s to %(end)s", start=format_date_vn(rule.filed_from),
                 end=format_date_vn(rule.filed_to))
    if rule.filed_from:
        return _("Filed from %(start)s", start=format_date_vn(rule.filed_from))
    if rule.filed_to:
        return _("Filed until %(end)s", end=format_date_vn(rule.filed_to))
    return _("All applications")


RULE_HELPERS = {
    "trigger_title": _trigger_title,
    "rule_kinds": _rule_kinds,
    "rule_period": _rule_period,
    "rule_filings": _rule_filings,
}
