"""What is due: the deadline list, the calendar feed, extensions."""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import clock
from app.deadlines import bp, calendar_feed, services
from app.extensions import db
from app.forms import EmptyForm
from app.models import Role, User
from app.security import permission_required


@bp.route("/deadlines/")
@permission_required("deadline.view")
def index():
    """Overdue first, then due within 7 and 30 days, then later; mine only with ?mine=1; a page of
    each group (`group` and `page` name another page of one group)."""
    today = clock.today()
    mine = bool(request.args.get("mine")) and current_user.role == Role.CONSULTANT
    groups = services.group_pages(current_user, today, mine=mine,
                                  pages={request.args.get("group", ""): request.args.get("page", type=int)})
    if not current_user.calendar_token:
        current_user.calendar_token = secrets.token_urlsafe(32)
        db.session.commit()
    return render_template("deadlines/index.html", groups=groups, today=today, explain=services.explain,
                           token_form=EmptyForm(), mine=mine)


@bp.route("/deadlines/calendar-token", methods=["POST"])
@permission_required("deadline.view")
def regenerate_token():
    """A new secret calendar link: the old one stops working."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    current_user.calendar_token = secrets.token_urlsafe(32)
    db.session.commit()
    flash(_("New calendar link made: the old one no longer works."), "success")
    return redirect(url_for("deadlines.index"))


@bp.route("/deadlines.ics")
def ics():
    """The user's deadlines as an iCalendar feed; the secret token in the URL stands for a login."""
    token = request.args.get("token", "")
    user = db.session.scalar(sa.select(User).where(User.calendar_token == token)) if token else None
    if user is None or not user.active:
        abort(404)
    body = calendar_feed.build(services.visible_open_deadlines(user))
    return body, 200, {"Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "private, no-cache"}

