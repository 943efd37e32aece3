"""The e-mail preferences form: one checkbox per kind of notification the user's role can receive."""
from __future__ import annotations

from wtforms import BooleanField

from app.forms import BaseForm
from app.models import NotificationKind


class EmailChoicesForm(BaseForm):
    """Fields are added per user by ``email_choices_form``."""


def email_choices_form(kinds: dict[NotificationKind, bool], **kwargs) -> EmailChoicesForm:
    """A form with a ticked-or-not checkbox named after each kind (ticked: wanted by e-mail)."""

    class Form(EmailChoicesForm):
        pass

    for kind, wanted in kinds.items():
        setattr(Form, kind.value, BooleanField(kind.title, default=wanted))
    return Form(**kwargs)
