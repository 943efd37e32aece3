"""Case forms."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField

from app.forms import BaseForm, max_length, required


class TransitionForm(BaseForm):
    """A workflow button: the transition's name and an optional note."""

    name = HiddenField(validators=[required()])
    note = TextAreaField(_l("Note"), validators=[max_length(4000)])
