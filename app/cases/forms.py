"""Case forms."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, TextAreaField

from app.forms import BaseForm, choice_list, max_length, required


class TransitionForm(BaseForm):
    """A workflow button: the transition's name and an optional note."""

    name = HiddenField(validators=[required()])
    note = TextAreaField(_l("Note"), validators=[max_length(4000)])


class CommentForm(BaseForm):
    """A reviewer's comment, shown to the producer on the step it is about."""

    step = SelectField(_l("About"), validators=[])
    body = TextAreaField(_l("Comment"), validators=[required(), max_length(4000)],
                         description=_l("Say what to change and why; the producer sees it on that step."))

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.step.choices = choice_list(((s.name, s.title) for s in steps), _l("The application as a whole"))
