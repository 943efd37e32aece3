"""Forms for logging in, registering and changing a password."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField
from wtforms.validators import EqualTo, ValidationError

from app.auth.passwords import is_guessable
from app.forms import BaseForm, TrimmedStringField, email_address, max_length, phone_number, required
from app.organizations.forms import OrganizationForm


class LoginForm(BaseForm):
    email = TrimmedStringField(_l("Email"), validators=[required(), max_length(254), email_address()])
    password = PasswordField(_l("Password"), validators=[required(), max_length(200)])
    remember = BooleanField(_l("Stay logged in on this device"))


def password_rules():
    """A new password: required and long enough (the minimum is configured)."""

    def _check(form, field):
        minimum = current_app.config["PASSWORD_MIN_LENGTH"]
        if len(field.data or "") < minimum:
            raise ValidationError(_l("At least %(min)d characters.", min=minimum))
        if len(field.data) > 200:
            raise ValidationError(_l("At most %(max)d characters.", max=200))
        if is_guessable(field.data):
            raise ValidationError(_l("This password is among those attackers try first. Choose another one."))

    return [required(), _check]


class AccountFieldsMixin:
    """The person's own details (used by registration and the admin's user form)."""

    full_name = TrimmedStringField(_l("Full name"), validators=[required(), max_length(120)])
    email = TrimmedStringField(
        _l("Email"),
        validators=[required(), max_length(254), email_address()],
        description=_l("You log in with this address."),
    )
    phone = TrimmedStringField(_l("Mobile phone"), validators=[required(), phone_number()])


class RegistrationForm(AccountFieldsMixin, OrganizationForm):
    """A producer registers itself and its organization in one go."""

    password = PasswordField(_l("Password"), validators=password_rules())
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[required(), EqualTo("password", message=_l("The two passwords differ."))],
    )

    def user_fields(self) -> dict:
        return {
            "full_name": self.full_name.data,
            "email": self.email.data,
            "phone": self.phone.data,
            "password": self.password.data,
        }


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(_l("Current password"), validators=[required(), max_length(200)])
    new_password = PasswordField(_l("New password"), validators=password_rules())
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[required(), EqualTo("new_password", message=_l("The two passwords differ."))],
    )
