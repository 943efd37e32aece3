"""Log in, log out, register, change password."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import i18n
from app.auth import bp, services, sessions, throttle
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
        address = request.remote_addr or ""
        locked_until = throttle.locked_until(form.email.data, address)
        user = None if locked_until else services.authenticate(form.email.data, form.password.data)
        if locked_until:
            # Said whether or not the email has an account, and the password is not even checked.
            form.password.errors.append(_("Too many failed attempts. Try again after %(time)s.",
                                          time=i18n.format_datetime_vn(locked_until)))
            status = 429
        elif user is None:
            lock = throttle.record_failure(form.email.data, address)
            db.session.commit()
            form.password.errors.append(_("Wrong email or password."))
            if lock is not None:
                form.password.errors.append(_("Too many failed attempts. Try again after %(time)s.",
                                              time=i18n.format_datetime_vn(lock.until)))
        else:
            throttle.forget_failures(form.email.data)
            sessions.log_in(user, remember=form.remember.data)
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
    sessions.log_out(current_user)
    db.session.commit()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    """A producer creates its account and organization; staff verify the organization."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegistrationForm()
    if form.validate_on_submit():
        # The same answer whether or not the email was free, so the form cannot be used to
        # learn who has an account; a taken email creates nothing.
        services.register_producer(
            user_fields={**form.user_fields(), "locale": session.get(SESSION_LOCALE_KEY)},
            organization_fields=form.organization_fields(),
        )
        db.session.commit()
        flash(_("Thank you. If this email was not registered before, your account is ready: log in with "
                "it and the password you chose. If it was, log in with your existing password, or ask "
                "DOST to reset it. Your organization will then be checked by the office or DOST."), "success")
        return redirect(url_for("auth.login"))
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
            user = current_user._get_current_object()  # login_user needs the user, not the proxy
            services.set_password(user, form.new_password.data)
            sessions.renew(user)
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.home"))
    status = 422 if form.is_submitted() and form.errors else 200
    return render_template("auth/change_password.html", form=form), status
