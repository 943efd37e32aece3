"""Reference data pages: the public fee schedule, and the admin's editors for fees,
Nice terms and form versions (every change audited)."""
from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms.fields.core import UnboundField

from app import audit
from app.extensions import db
from app.fees import local_today
from app.i18n import format_date_vn, format_number, get_locale
from app.models import CaseKind, FeeRate, FeeStage, FeeUnit, FormVersion, NiceTerm, ProductGroup
from app.reference import bp, services
from app.reference.forms import FeeRateForm, FormVersionForm, NewFeeRateForm, NiceTermForm
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
    today = local_today()
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
    """Links to the three lists an admin maintains."""
    return render_template(
        "reference/admin_index.html",
        fee_count=_count(FeeRate),
        term_count=_count(NiceTerm),
        form_count=_count(FormVersion),
    )


# Admin: fee rates --------------------------------------------------------------------


@bp.route("/admin/fees")
@permission_required("reference.manage")
def admin_fees():
    """Every rate, including past and future ones, with whether it is in force today."""
    kind = _enum_arg(CaseKind, "kind")
    today = local_today()
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
    return render_template("reference/admin_forms.html", versions=services.all_form_versions(), today=local_today())


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


# Helpers -----------------------------------------------------------------------------


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
