"""After approval: the filing plan and report on the case page, the printable guide, and the
offices' details an admin keeps."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import audit
from app.documents import storage
from app.extensions import db
from app.filing import bp, services
from app.filing.forms import OfficeForm, PlanForm, ReportForm
from app.forms import EmptyForm
from app.models import Case, CaseStatus, FilingChannel, FilingOffice, FilingRoute
from app.security import can, get_visible_or_404, permission_required


def _approved_on(case: Case):
    """The day DOST last approved the case (a filing cannot be before it)."""
    approvals = [e for e in case.events if e.to_status == CaseStatus.APPROVED and e.transition == "approve"]
    return approvals[-1].event_date if approvals else None


def forms_for(case: Case, plan_form: PlanForm | None = None, report_form: ReportForm | None = None) -> dict:
    """What the case page shows after approval: the guide and the two forms, filled from the plan."""
    offices = services.offices()
    guide = services.guide(case)
    if plan_form is None:
        plan_form = PlanForm(offices=offices, data={"route": guide.route.value if guide.route else None,
                                                    "office_id": guide.plan.office_id if guide.plan else None})
    if report_form is None:
        report_form = ReportForm(case=case, data={"application_number": guide.plan.application_number,
                                                  "filing_date": guide.plan.filing_date} if guide.plan else None)
    return {"guide": guide, "plan_form": plan_form, "report_form": report_form, "confirm_form": EmptyForm(),
            "filing_channels": FilingChannel.choices(),
            "may_plan": can(current_user, "case.edit", case), "may_confirm": can(current_user, "case.record_event")}


@bp.app_context_processor
def filing_helpers():
    """The case page asks for the guide only for an approved case (templates/filing/_guide.html)."""
    return {"filing_guide": lambda case: forms_for(case) if services.shows_guide(case) else None}


def _editable_case(case_id: int) -> Case:
    case = get_visible_or_404(Case, case_id, "case.view")
    if not can(current_user, "case.edit", case):
        abort(403)
    if not services.shows_guide(case):
        abort(409)
    return case


def _page(case: Case, status: int, **forms):
    return render_template("filing/page.html", case=case, filing=forms_for(case, **forms)), status


@bp.route("/cases/<int:case_id>/filing/plan", methods=["POST"])
@permission_required("case.edit")
def plan(case_id: int):
    """How the approved case will be filed: the guide then says exactly what to do."""
    case = _editable_case(case_id)
    offices = services.offices()
    form = PlanForm(offices=offices)
    if not form.validate_on_submit():
        return _page(case, 422, plan_form=form)
    office = next((o for o in offices if o.id == form.office_id.data), None)
    services.set_plan(case, FilingRoute(form.route.data), office)
    db.session.commit()
    flash(_("Saved: the instructions below are for the way you chose."), "success")
    return redirect(url_for("cases.detail", case_id=case.id, _anchor="filing-guide"))


@bp.route("/cases/<int:case_id>/filing/report", methods=["POST"])
@permission_required("case.edit")
def report(case_id: int):
    """The producer reports the application number and filing date; DOST confirms them."""
    case = _editable_case(case_id)
    form = ReportForm(case=case, approved_on=_approved_on(case))
    if not form.validate_on_submit():
        return _page(case, 422, report_form=form)
    if services.number_taken(case, form.application_number.data):
        form.application_number.errors.append(_("Another case already has this application number."))
        return _page(case, 422, report_form=form)
    services.report_filing(case, form.application_number.data, form.filing_date.data, current_user)
    db.session.commit()
    flash(_("Thank you: DOST will confirm the filing from what you entered."), "success")
    return redirect(url_for("cases.detail", case_id=case.id, _anchor="filing-guide"))


@bp.route("/cases/<int:case_id>/filing-guide.pdf")
@permission_required("case.view")
def guide_pdf(case_id: int):
    """The printable one-page guide, stored like the dossier's documents."""
    case = get_visible_or_404(Case, case_id, "case.view")
    if not services.shows_guide(case):
        abort(404)
    document, rendered_now = services.guide_pdf(case)
    if rendered_now:
        db.session.commit()
    response = send_file(storage.generated_path(document), mimetype="application/pdf", as_attachment=False,
                         download_name=f"huong-dan-nop-don-OCOP-{case.id:06d}.pdf", max_age=0)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/filing/offices")
@permission_required("reference.view")
def offices():
    return render_template("filing/offices.html", offices=db.session.scalars(
        db.select(FilingOffice).order_by(FilingOffice.position, FilingOffice.id)).all())


@bp.route("/filing/offices/<int:office_id>", methods=["GET", "POST"])
@permission_required("reference.manage")
def edit_office(office_id: int):
    """An admin keeps the office's address, portal and payment details, with their source."""
    office = db.get_or_404(FilingOffice, office_id)
    form = OfficeForm(obj=office)
    if form.validate_on_submit():
        before = audit.snapshot(office, [f.name for f in form if f.name != "csrf_token"])
        form.populate_obj(office)
        audit.record_change(office, "update", current_user, before)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("filing.offices"))
    return render_template("filing/office_form.html", form=form, office=office), 422 if form.is_submitted() else 200

