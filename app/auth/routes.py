"""Log in, log out, register, change password."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp, services
from app.auth.forms import ChangePasswordForm, LoginForm, RegistrationForm
from app.extensions import db
from app.forms import EmptyForm
from app.i18n import SESSION_LOCALE_KEY
from app.security import permission_required, safe_next


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The login page. A wrong email or a wrong password get the same message."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Wrong email or password."))
        else:
            login_user(user, remember=form.remember.data)
            if user.locale is None and session.get(SESSION_LOCALE_KEY):
                # A language chosen before logging in becomes the user's preference.
                user.locale = session[SESSION_LOCALE_KEY]
                db.session.commit()
            if user.must_change_password:
                flash(_("Please choose a new password before you go on."), "warning")
                return redirect(url_for("auth.change_password"))
            return redirect(safe_next(request.args.get("next")))
    elif form.is_submitted():
        status = 422  # malformed input; a wrong password alone is answered with 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """POST only, with CSRF, so a link on another site cannot log anyone out."""
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    """A producer creates its account and organization; staff verify the organization."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegistrationForm()
    if form.validate_on_submit():
        user = services.register_producer(
            user_fields={**form.user_fields(), "locale": session.get(SESSION_LOCALE_KEY)},
            organization_fields=form.organization_fields(),
        )
        db.session.commit()
        login_user(user)
        flash(
            _("Welcome! Your organization will be checked by the office or DOST; you can start preparing applications now."),
            "success",
        )
        return redirect(url_for("main.home"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/password", methods=["GET", "POST"])
@permission_required("account.change_password")
def change_password():
    """Any user changes their own password (required after an admin reset)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(_("The current password is wrong."))
        else:
            services.set_password(current_user, form.new_password.data)
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.home"))
    status = 422 if form.is_submitted() and form.errors else 200
    return render_template("auth/change_password.html", form=form), status
