"""Demo data: organizations and OCOP products in the former Hậu Giang area (now Cần Thơ).

Loaded by ``flask seed-demo`` (``make run`` does it once). It is all-or-nothing
and runs only while the demo admin account does not exist, so running it again
changes nothing. Demo accounts therefore exist only where demo data was loaded.

One module per area, each importing only ``base`` from this package: ``accounts``
(accounts, organizations, first products), ``trademarks``, ``kinds`` (collective,
certification, GI), ``registry`` (more products, referral, catalogue), ``report`` and
``contributions`` (contributor accounts, a collection round in progress).
"""
from __future__ import annotations

from app.demo.accounts import ACCOUNTS as BASE_ACCOUNTS
from app.demo.accounts import (
    DEMO_PASSWORD,
    demo_accounts_exist,
    seed_organizations,
    seed_products,
    seed_users,
)
from app.demo.contributions import CONTRIBUTORS, contributions_present, seed_contributions
from app.demo.kinds import kind_cases_present, seed_kind_cases
from app.demo.registry import seed_registry
from app.demo.report import seed_report_demo
from app.demo.trademarks import seed_trademark_cases
from app.extensions import db

__all__ = ["ACCOUNTS", "DEMO_PASSWORD", "seed"]

#: every demo account: staff and producers, then the other agencies' contributors
ACCOUNTS = BASE_ACCOUNTS + CONTRIBUTORS


def seed() -> bool:
    """Create the demo data unless it is already there; True if something was created."""
    if demo_accounts_exist():
        if kind_cases_present() and contributions_present():
            return False
        if not kind_cases_present():
            seed_kind_cases()  # a demo database from before these wizards existed
        if not contributions_present():
            seed_contributions(DEMO_PASSWORD)  # nor the agencies' contributions
        return True
    organizations = seed_organizations()
    products = seed_products(organizations)
    users = seed_users(organizations)
    seed_trademark_cases(products, users)
    seed_registry(organizations, users)
    seed_kind_cases()
    seed_report_demo()
    seed_contributions(DEMO_PASSWORD)
    db.session.flush()
    return True
