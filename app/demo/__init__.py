"""Demo data: organizations and OCOP products in the former Hậu Giang area (now Cần Thơ).

Loaded by ``flask seed-demo`` (``make run`` does it once). It is all-or-nothing
and runs only while the demo admin account does not exist, so running it again
changes nothing. Demo accounts therefore exist only where demo data was loaded.

One module per area, each importing only ``base`` from this package: ``accounts``
(accounts, organizations, first products), ``trademarks``, ``kinds`` (collective,
certification, GI), ``registry`` (more products, referral, catalogue) and ``report``.
"""
from __future__ import annotations

from app.demo.accounts import (
    ACCOUNTS,
    DEMO_PASSWORD,
    demo_accounts_exist,
    seed_organizations,
    seed_products,
    seed_users,
)
from app.demo.kinds import kind_cases_present, seed_kind_cases
from app.demo.registry import seed_registry
from app.demo.report import seed_report_demo
from app.demo.trademarks import seed_trademark_cases
from app.extensions import db

__all__ = ["ACCOUNTS", "DEMO_PASSWORD", "seed"]


def seed() -> bool:
    """Create the demo data unless it is already there; True if something was created."""
    if demo_accounts_exist():
        if kind_cases_present():
            return False
        seed_kind_cases()  # a demo database from before these wizards existed
        return True
    organizations = seed_organizations()
    products = seed_products(organizations)
    users = seed_users(organizations)
    seed_trademark_cases(products, users)
    seed_registry(organizations, users)
    seed_kind_cases()
    seed_report_demo()
    db.session.flush()
    return True
