"""User administration pages (admin only)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin import bp, services
from app.admin.forms import EditUserForm, NewUserForm
from app.auth import services as auth_services
from app.auth import throttle
from app.extensions import db
from app.forms import EmptyForm
from app.models import Organization, Role, User
from app.security import permission_required


@bp.route("/users")
@permission_required("user.manage")
def users():
    all_users = db.session.scalars(sa.select(User).order_by(User.role, User.email))
    return render_template("admin/users.html", users=list(all_users))


@bp.route("/users/new", methods=["GET", "POST"])
@permission_required("user.manage")
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        organization_id = form.organization_id.data
        user = auth_services.create_user(
            email=form.email.data,
            full_name=form.full_name.data,
            phone=form.phone.data,
            password=form.password.data,
            role=Role(form.role.data),
            organization=db.session.get(Organization, organization_id) if organization_id else None,
            must_change_password=True,
        )
        db.session.commit()
        flash(_("Account %(email)s created.", email=user.email), "success")
        return redirect(url_for("admin.users"))
    status = 422 if form.errors else 200
    return render_template("admin/user_form.html", form=form, user=None), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@permission_required("user.manage")
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = EditUserForm(obj=user if request.method == "GET" else None)
    if request.method == "GET":
        form.role.data = user.role.value
    if form.validate_on_submit():
        try:
            services.update_user(
                user,
                full_name=form.full_name.data,
                phone=form.phone.data,
                role=Role(form.role.data),
                organization_id=form.organization_id.data,
                active=form.active.data,
            )
        except services.LastAdminError:
            form.role.errors.append(_("At least one active administrator must remain."))
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("admin.users"))
    status = 422 if form.errors else 200
    return render_template("admin/user_form.html", form=form, user=user, reset_form=EmptyForm()), status


@bp.route("/users/<int:user_id>/reset-password", methods=["POST"])
@permission_required("user.manage")
def reset_password(user_id: int):
    """Show a temporary password once, in this response only (never in a cookie)."""
    user = db.get_or_404(User, user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    password = services.reset_password(user)
    db.session.commit()
    return render_template("admin/password_reset.html", user=user, password=password)


@bp.route("/login-locks")
@permission_required("user.manage")
def login_locks():
    """Every brute-force lock of the last 30 days: which email or address, when, how long."""
    return render_template("admin/login_locks.html", locks=throttle.recent_locks())
