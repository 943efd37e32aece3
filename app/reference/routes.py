"""Reference data pages: the public fee schedule, and the admin's editors for fees,
Nice terms, form versions, deadline rules, public holidays and validity periods
(every change audited)."""
from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms.fields.core import UnboundField

from app import audit, clock
from app.extensions import db
from app.i18n import format_date_vn, format_number, get_locale
from app.cases.workflow import BY_NAME as TRANSITIONS_BY_NAME
from app.forms import EmptyForm
from app.models import (
    CaseKind, DeadlineRule, FeeRate, FeeStage, FeeUnit, FormVersion, Holiday, NiceTerm, ProductGroup,
    ValidityPeriod,
)
from app.reference import bp, services
from app.reference.forms import (
    DeadlineRuleForm, FeeRateForm, FormVersionForm, HolidayForm, NewFeeRateForm, NiceTermForm, ValidityPeriodForm,
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
    if request.method == "GET" and request.args.get("copy", type=int):
        source = db.get_or_404(FeeRate, request.args.get("copy", type=int))
        form.fill_from(source)
    if form.validate_on_submit():
        try:
            rate = services.create_fee_rate(form.fee_fields(), current_user)
        except IntegrityError:  # another admin saved the same code, kind and date meanwhile
            db.session.rollback()
            form.effective_from.errors.append(_("This fee already has a rate starting on this date. Change the date, or edit that rate."))
        else:
            db.session.commit()
            flash(_("Fee rate added."), "success")
            return redirect(url_for("reference.edit_fee", rate_id=rate.id))
    status = 422 if form.errors else 200
    return render_template("reference/fee_form.html", form=form, rate=None, source=source), status


@bp.route("/admin/fees/<int:rate_id>", methods=["GET", "POST"])
@permission_required("reference.manage")
def edit_fee(rate_id: int):
    """Correct a rate (its figure, wording, basis, dates); the page shows its audit history."""
    rate = db.get_or_404(FeeRate, rate_id)
    form = FeeRateForm(rate=rate)
    if request.method == "GET":
        form.fill_from(rate)
    elif form.validate_on_submit():
        try:
            services.update_fee_rate(rate, form.fee_fields(), current_user)
        except IntegrityError:
            db.session.rollback()
            form.effective_from.errors.append(_("This fee already has a rate starting on this date. Change the date, or edit that rate."))
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("reference.edit_fee", rate_id=rate.id))
    status = 422 if form.errors else 200
    return render_template(
        "reference/fee_form.html", form=form, rate=rate, source=None, history=_history(rate, NewFeeRateForm)
    ), status


# Admin: Nice terms -------------------------------------------------------------------


@bp.route("/admin/terms")
@permission_required("reference.manage")
def admin_terms():
    """Terms filtered by class and OCOP group, searched without accents."""
    nice_class = request.args.get("nice_class", type=int)
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
    if form.validate_on_submit():
        try:
            term = services.create_nice_term(form.term_fields(), current_user)
        except IntegrityError:
            db.session.rollback()
            form.term_vi.errors.append(_("This term is already listed in this class for this group."))
        else:
            db.session.commit()
            flash(_("Term added."), "success")
            return redirect(url_for("reference.admin_terms", nice_class=term.nice_class))
    status = 422 if form.errors else 200
    return render_template("reference/term_form.html", form=form, term=None), status


@bp.route("/admin/terms/<int:term_id>", methods=["GET", "POST"])
@permission_required("reference.manage")
def edit_term(term_id: int):
    """Correct a term; the page shows its audit history."""
    term = db.get_or_404(NiceTerm, term_id)
    form = NiceTermForm(term=term)
    if request.method == "GET":
        form.fill_from(term)
    elif form.validate_on_submit():
        try:
            services.update_nice_term(term, form.term_fields(), current_user)
        except IntegrityError:
            db.session.rollback()
            form.term_vi.errors.append(_("This term is already listed in this class for this group."))
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("reference.edit_term", term_id=term.id))
    status = 422 if form.errors else 200
    return render_template(
        "reference/term_form.html", form=form, term=term, history=_history(term, NiceTermForm)
    ), status


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
    form = FormVersionForm()
    if request.method == "GET":
        form.fill_from(version)
    elif form.validate_on_submit():
        services.update_form_version(version, form.version_fields(), current_user)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("reference.edit_form_version", version_id=version.id))
    status = 422 if form.errors else 200
    return render_template(
        "reference/form_version_form.html", form=form, version=version, history=_history(version, FormVersionForm)
    ), status


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
    form = DeadlineRuleForm()
    if request.method == "GET":
        form.fill_from(rule)
    elif form.validate_on_submit():
        _entry, recounted = services.update_deadline_rule(rule, form.rule_fields(), current_user)
        db.session.commit()
        if recounted:
            flash(_("Saved. Open deadlines recounted: %(count)d.", count=recounted), "success")
        else:
            flash(_("Saved."), "success")
        return redirect(url_for("reference.edit_rule", rule_id=rule.id))
    status = 422 if form.errors else 200
    return render_template(
        "reference/rule_form.html", form=form, rule=rule, history=_history(rule, DeadlineRuleForm), **RULE_HELPERS
    ), status


# Admin: public holidays --------------------------------------------------------------


@bp.route("/admin/holidays", methods=["GET", "POST"])
@permission_required("reference.manage")
def admin_holidays():
    """The year's public holidays (`?year=`, this year in Vietnam by default); POST adds one."""
    year = request.args.get("year", type=int) or clock.today().year
    if not 1900 <= year <= 2200:
        year = clock.today().year
    form = HolidayForm()
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                holiday, recounted = services.add_holiday(form.day.data, form.name.data, current_user)
            except IntegrityError:  # another admin added the same date meanwhile
                db.session.rollback()
                form.day.errors.append(_("This date is already a public holiday."))
            else:
                db.session.commit()
                flash(_("Holiday added. Open deadlines recounted: %(count)d.", count=recounted), "success")
                return redirect(url_for("reference.admin_holidays", year=holiday.day.year))
        if form.day.data is not None:
            year = form.day.data.year
    status = 422 if form.errors else 200
    return render_template(
        "reference/admin_holidays.html", form=form, year=year, holidays=services.holidays_in_year(year),
        history=_entries_shown(services.holiday_changes(), HolidayForm),
    ), status


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
    form = ValidityPeriodForm()
    if request.method == "GET":
        form.fill_from(period)
    elif form.validate_on_submit():
        services.update_validity_period(period, form.period_fields(), current_user)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("reference.edit_period", period_id=period.id))
    status = 422 if form.errors else 200
    return render_template(
        "reference/period_form.html", form=form, period=period, history=_history(period, ValidityPeriodForm),
        period_subject=_period_subject,
    ), status


# Helpers -----------------------------------------------------------------------------


def _entries_shown(entries, form_cls) -> list[dict]:
    """Audit entries of several rows (e.g. holidays added and removed), shown like `_history`."""
    labels = _field_labels(form_cls)
    return [
        {
            "entry": entry,
            "action": ACTION_TITLES.get(entry.action, entry.action),
            "changes": [(labels.get(name, name), _shown(name, old), _shown(name, new))
                        for name, (old, new) in (entry.changes or {}).items()],
        }
        for entry in entries
    ]


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


def _history(entity: object, form_cls) -> list[dict]:
    """The row's audit entries, ready to show: who, when, and each change in words."""
    labels = _field_labels(form_cls)
    return [
        {
            "entry": entry,
            "action": ACTION_TITLES.get(entry.action, entry.action),
            "changes": [
                (labels.get(name, name), _shown(name, old), _shown(name, new))
                for name, (old, new) in (entry.changes or {}).items()
            ],
        }
        for entry in audit.history(entity)
    ]


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
    """The rule's period in words: "2 month(s) after the event", "6 month(s) before the expiry date"."""
    parts = []
    if rule.months:
        parts.append(_("%(n)d month(s)", n=rule.months))
    if rule.days:
        parts.append(_("%(n)d day(s)", n=rule.days))
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
