"""Pages of the annual report: the report for a year (HTML, PDF, Excel), the yearly counts entered
by DOST, and the plan's targets and the signature block kept by an admin."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.forms import EmptyForm
from app.jobs import services as jobs
from app.models import JobKind, JobState, ManualCount, PlanTarget, ReportMetric
from app.reports import bp, review, services
from app.reports.figures import MIN_YEAR
from app.reports.forms import ManualCountForm, PlanTargetForm, ReportSettingsForm, ReviewPeriodForm
from app.reports.tables import format_cell
from app.security import permission_required

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bad_year(year):
    """404 with a plain explanation of which years exist."""
    message = _("There is no report for %(year)s: choose a year from %(min)d to %(max)d.",
                year=year, min=MIN_YEAR, max=services.last_year())
    return render_template("reports/bad_year.html", message=message, last_year=services.last_year()), 404


def _attachment(data: bytes, mimetype: str, filename: str) -> Response:
    """A report file to download, never kept by a cache (it changes with the data)."""
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


@bp.route("/")
@permission_required("report.view")
def index():
    """The report of the current year; ?year= (the year picker) goes to that year's report."""
    raw = request.args.get("year", "").strip()
    if raw:
        if not raw.isdigit() or not services.year_allowed(int(raw)):
            return _bad_year(raw[:8])
        return redirect(url_for("reports.annual", year=int(raw)))
    return redirect(url_for("reports.annual", year=services.last_year()))


@bp.route("/annual/<int:year>")
@permission_required("report.view")
def annual(year: int):
    if not services.year_allowed(year):
        return _bad_year(year)
    report = services.build(year)
    years = list(range(services.last_year(), MIN_YEAR - 1, -1))[:15]
    return render_template("reports/annual.html", report=report, years=years, fmt=format_cell)


@bp.route("/annual/<int:year>.pdf")
@permission_required("report.view")
def annual_pdf(year: int):
    if not services.year_allowed(year):
        return _bad_year(year)
    return _attachment(services.pdf_bytes(year), "application/pdf", services.pdf_filename(year))



@bp.route("/annual/<int:year>/pdf-job", methods=["POST"])
@permission_required("report.view")
def annual_pdf_job(year: int):
    """The PDF made by the worker: its job's page follows it (straight to the file when already made)."""
    if not services.year_allowed(year):
        return _bad_year(year)
    if not EmptyForm().validate_on_submit():
        abort(400)
    job = jobs.create(JobKind.ANNUAL_REPORT_PDF, current_user, {"year": year})
    db.session.commit()
    jobs.start(job)
    return redirect(url_for("jobs.result" if job.state == JobState.DONE else "jobs.detail", job_id=job.id))


@bp.route("/annual/<int:year>.xlsx")
@permission_required("report.view")
def annual_xlsx(year: int):
    if not services.year_allowed(year):
        return _bad_year(year)
    return _attachment(services.xlsx_bytes(year), XLSX_TYPE, f"bao-cao-shtt-{year}.xlsx")


@bp.route("/counts", methods=["GET", "POST"])
@permission_required("report.enter_counts")
def counts():
    """Yearly counts of copyright, related-rights and plant-variety applications, with their source."""
    form = ManualCountForm(last_year=services.last_year())
    if request.method == "GET":
        raw = request.args.get("year", "")
        form.year.data = int(raw) if raw.isdigit() and services.year_allowed(int(raw)) else services.last_year()
    elif form.validate_on_submit():
        _row, created = services.save_manual_count(form.year.data, ReportMetric(form.metric.data), form.count.data,
                                                   form.source.data, form.note.data, current_user)
        db.session.commit()
        flash(_("Count saved.") if created else _("Count corrected."), "success")
        return redirect(url_for("reports.counts"))
    status = 422 if form.errors else 200
    return render_template("reports/counts.html", form=form, rows=services.manual_counts(),
                           delete_form=EmptyForm()), status


@bp.route("/counts/<int:count_id>/delete", methods=["POST"])
@permission_required("report.enter_counts")
def delete_count(count_id: int):
    row = db.get_or_404(ManualCount, count_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        return redirect(url_for("reports.counts"))
    services.delete_manual_count(row, current_user)
    db.session.commit()
    flash(_("Count deleted."), "success")
    return redirect(url_for("reports.counts"))


@bp.route("/settings")
@permission_required("report.manage")
def admin():
    """The plan's targets and the printed report's heading and signer."""
    return render_template("reports/admin.html", targets=services.targets(), settings=services.settings())


@bp.route("/targets/<int:target_id>", methods=["GET", "POST"])
@permission_required("report.manage")
def edit_target(target_id: int):
    target = db.get_or_404(PlanTarget, target_id)
    form = PlanTargetForm(obj=target if request.method == "GET" else None, last_year=services.last_year())
    if request.method == "POST" and form.validate_on_submit():
        changed = services.update_target(target, {name: getattr(form, name).data for name in services.TARGET_FIELDS},
                                         current_user)
        db.session.commit()
        flash(_("Saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("reports.admin"))
    status = 422 if form.errors else 200
    return render_template("reports/target_form.html", form=form, target=target), status


@bp.route("/settings/heading", methods=["GET", "POST"])
@permission_required("report.manage")
def edit_settings():
    row = services.settings()
    form = ReportSettingsForm(obj=row if request.method == "GET" else None)
    if request.method == "POST" and form.validate_on_submit():
        changed = services.update_settings({name: getattr(form, name).data for name in services.SETTINGS_FIELDS},
                                           current_user)
        db.session.commit()
        flash(_("Saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("reports.admin"))
    status = 422 if form.errors else 200
    return render_template("reports/settings_form.html", form=form), status


# --- reviews over several years (mid-term and final) ---------------------------------------------

def _review_period(first: int, last: int):
    """The period of a review URL, or the 404 page saying why it cannot be reviewed."""
    error = review.period_error(first, last)
    if error is not None:
        return None, (render_template("reports/bad_year.html", message=error[1], last_year=services.last_year()), 404)
    return review.Period(first, last), None


@bp.route("/review")
@permission_required("report.view")
def reviews():
    """The plan's mid-term and final reviews, and a review of any years (?first=&last=)."""
    form = ReviewPeriodForm(request.args)
    if request.args and form.validate():
        error = review.period_error(form.first.data, form.last.data)
        if error is None:
            return redirect(url_for("reports.review_page", first=form.first.data, last=form.last.data))
        form[error[0]].errors.append(error[1])
    status = 422 if form.errors else 200
    return render_template("reports/reviews.html", form=form, periods=review.plan_periods()), status


@bp.route("/review/<int:first>-<int:last>")
@permission_required("report.view")
def review_page(first: int, last: int):
    period, refusal = _review_period(first, last)
    if refusal:
        return refusal
    return render_template("reports/review.html", review=review.build(period), fmt=format_cell)


@bp.route("/review/<int:first>-<int:last>.pdf")
@permission_required("report.view")
def review_pdf(first: int, last: int):
    period, refusal = _review_period(first, last)
    if refusal:
        return refusal
    return _attachment(review.pdf_bytes(period), "application/pdf", f"bao-cao-giai-doan-{first}-{last}.pdf")


@bp.route("/review/<int:first>-<int:last>.xlsx")
@permission_required("report.view")
def review_xlsx(first: int, last: int):
    period, refusal = _review_period(first, last)
    if refusal:
        return refusal
    return _attachment(review.xlsx_bytes(period), XLSX_TYPE, f"bao-cao-giai-doan-{first}-{last}.xlsx")
