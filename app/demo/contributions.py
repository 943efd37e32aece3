"""Demo data of the agencies' contributions: a contributor account for three agencies and the
current year's collection round in progress (the NTM office has submitted, the newspaper has
saved a draft, the others have not started), so DOST's chase list and the report's "not yet
contributed" list have something to show and a contributor can try the form and the template.

``seed_contributions()`` changes nothing once the round is there; it flushes and never commits.
"""
from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

import sqlalchemy as sa

from app import clock
from app.auth.services import create_user, find_user_by_email
from app.contributions import services
from app.demo.base import CONSULTANT_EMAIL
from app.extensions import db
from app.models import Agency, Role


class ContributorAccount(NamedTuple):
    """A demo account of another agency (listed with the other demo accounts by `flask seed-demo`)."""

    email: str
    full_name: str
    phone: str
    agency_code: str
    role: Role = Role.CONTRIBUTOR


CONTRIBUTORS = (
    ContributorAccount("qltt@demo.ocop.vn", "Huỳnh Văn Thị (Chi cục QLTT)", "0292 3870 011", "market"),
    ContributorAccount("vanhoa@demo.ocop.vn", "Ngô Thị Hoa (Sở VHTTDL)", "0292 3870 012", "culture"),
    ContributorAccount("nongnghiep@demo.ocop.vn", "Lâm Văn Nông (Sở NN&MT)", "0292 3870 013", "agriculture"),
)
#: figure code -> (value as typed, narrative) of the NTM office's submitted contribution
NTM_VALUES = {"ocop_needing_protection": ("18", "Sản phẩm OCOP 3 sao trở lên chưa có văn bằng bảo hộ."),
              "training_date": (None, "Chủ thể OCOP và cán bộ xã, phường."),
              "training_participants": ("86", "")}


def contributions_present() -> bool:
    return find_user_by_email(CONTRIBUTORS[0].email) is not None


def seed_contributions(password: str) -> None:
    """The contributor accounts and a round of the current year, due in two weeks."""
    consultant = find_user_by_email(CONSULTANT_EMAIL)
    agencies = {a.code: a for a in db.session.scalars(sa.select(Agency))}
    for account in CONTRIBUTORS:
        create_user(email=account.email, full_name=account.full_name, password=password, role=account.role,
                    phone=account.phone.replace(" ", ""), locale="vi", agency_id=agencies[account.agency_code].id)
    today = clock.today()
    collection = services.round_of_year(today.year) or services.open_round(
        today.year, today + timedelta(days=14), consultant)
    by_agency = {c.agency.code: c for c in collection.contributions}
    ntm = by_agency["ntm"]
    figures = {f.code: f for f in services.figures_of(ntm.agency)}
    entries = {}
    for code, (raw, narrative) in NTM_VALUES.items():
        figure = figures[code]
        amount, day = services.parse_value(figure.unit, raw if raw else (today - timedelta(days=30)))
        entries[figure.id] = (amount, day, narrative)
    # No NTM-office contributor account in the demo: its figures are recorded without an actor.
    services.save_values(ntm, entries, None)
    services.submit(ntm, None)
    media = by_agency["media"]
    news = services.figures_of(media.agency)[0]
    services.save_values(media, {news.id: (24, None, "Chuyên mục Khoa học và Đời sống.")}, None)
    db.session.flush()
