"""The password policy: long enough, and not one that attackers try first.

``data/common-passwords.txt.gz`` is the list of 20,000 common passwords that Django ships
(django/contrib/auth/common-passwords.txt.gz, BSD licence, itself from Royce Williams' list of
passwords found in breaches); it is compared case-insensitively, as Django does.
"""
from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from flask import current_app

#: the published password of the demo accounts (README): refused as a new password outside demo mode
DEMO_PASSWORD = "DemoOCOP2030"

COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common-passwords.txt.gz"


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip().lower() for line in lines if line.strip())


def is_guessable(password: str) -> bool:
    """True for a common or breached password, or the demo one when not in demo mode."""
    if password == DEMO_PASSWORD and not current_app.config["DEMO_MODE"]:
        return True
    return password.strip().lower() in common_passwords()
