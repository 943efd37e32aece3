"""After approval — what happens next (issue 17): for the filing route chosen, what to print, sign
and stamp, who files where, how to pay and what to write on the transfer (the IP office's details
are data an admin keeps), what to keep, and the application number and date the producer reports for
DOST to confirm; a one-page printable guide."""
from flask import Blueprint

bp = Blueprint("filing", __name__)

from app.filing import routes  # noqa: E402,F401
