"""The user's notifications: the list (mark read), and which kinds also come by e-mail."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.forms import EmptyForm
from app.models import Notification
from app.notifications import bp, services
from app.notifications.forms import email_choices_form
from app.security import permission_required


@bp.app_context_processor
def unread_notifications():
    """The navbar's unread count, read only when a page shows it to a logged-in user."""
    return {"unread_notifications": lambda: services.unread_count(current_user)}


@bp.route("/")
@permission_required("notification.view")
def index():
    return render_template("notifications/index.html", notifications=services.latest(current_user),
                           form=EmptyForm())


@bp.route("/<int:notification_id>/read", methods=["POST"])
@permission_required("notification.view")
def mark_read(notification_id: int):
    """Mark one notification read; another user's (or none) is 404."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    services.mark_read(current_user, notification_id)
    db.session.commit()
    return redirect(url_for("notifications.index"))


@bp.route("/read-all", methods=["POST"])
@permission_required("notification.view")
def mark_all_read():
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.mark_read(current_user)
    db.session.commit()
    return redirect(url_for("notifications.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@permission_required("notification.view")
def preferences():
    """One checkbox per kind this user can receive: ticked, it also comes by e-mail."""
    choices = services.email_choices(current_user)
    form = email_choices_form(choices)
    if form.validate_on_submit():
        services.set_email_choices(current_user, {kind for kind in choices if form[kind.value].data})
        db.session.commit()
        flash(_("Your e-mail choices are saved."), "success")
        return redirect(url_for("notifications.preferences"))
    status = 400 if form.is_submitted() else 200
    return render_template("notifications/preferences.html", form=form, kinds=list(choices)), status
