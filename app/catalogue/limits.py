"""A per-address request limit on the public pages, so a few anonymous clients cannot tie up every
worker: PUBLIC_REQUESTS_PER_MINUTE requests per address and minute, then 429 with Retry-After.

Counted in the database (one upsert per public request), like the login throttle, so all gunicorn
workers share the count and no extra server is needed; the address is the client's as ProxyFix
gives it (PROXY_FIX_HOPS), never a header the client could forge.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, make_response, render_template, request
from sqlalchemy.dialects import postgresql, sqlite

from app import clock
from app.extensions import db
from app.models import PublicRequestCount

#: the endpoints anyone may request without logging in
PUBLIC_ENDPOINTS = frozenset({"catalogue.index", "catalogue.verify", "catalogue.mark", "catalogue.members"})
#: counts older than this are deleted when a new minute starts
KEEP = timedelta(minutes=10)


def count_request(address: str) -> tuple[int, int]:
    """Count a request from the address in the current minute; (requests this minute, seconds until the
    next). Commits at once, before the page reads anything, so the count holds whatever the page does."""
    now = clock.now()
    window = now.replace(second=0, microsecond=0)
    table = PublicRequestCount.__table__
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    upsert = (dialect.insert(table).values(address=address[:64], window=window, count=1)
              .on_conflict_do_update(index_elements=["address", "window"], set_={"count": table.c.count + 1})
              .returning(table.c.count))
    count = db.session.execute(upsert).scalar_one()
    if count == 1:  # the address's first request this minute: forget old minutes (bounded work)
        db.session.execute(sa.delete(table).where(table.c.window < window - KEEP))
    db.session.commit()
    return count, 60 - now.second


def limit_public_requests():
    """Blueprint hook: 429 with a page in the visitor's language once the address is over its limit."""
    limit = current_app.config["PUBLIC_REQUESTS_PER_MINUTE"]
    if not limit or request.endpoint not in PUBLIC_ENDPOINTS:
        return None
    count, retry_after = count_request(request.remote_addr or "")
    if count <= limit:
        return None
    response = make_response(render_template("errors/429.html", code=429, retry_after=retry_after), 429)
    response.headers["Retry-After"] = str(retry_after)
    return response
