"""One page of a list, counted and cut in SQL (COUNT, then LIMIT/OFFSET): the same for every list,
so a page costs the same queries whether the table holds a hundred rows or fifty thousand."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from app.extensions import db

PAGE_SIZE = 50


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def paginate(stmt: sa.Select, page: int | None, per_page: int = PAGE_SIZE) -> Page:
    """The page-th page (from 1, kept within the pages there are) of the statement's rows.
    `stmt` must have a total order (end it with the id) so that no row shows on two pages."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())) or 0
    return page_of(stmt, total, page, per_page)


def page_of(stmt: sa.Select, total: int, page: int | None, per_page: int = PAGE_SIZE) -> Page:
    """Like paginate(), with the rows counted already (e.g. several lists counted in one query)."""
    pages = max(1, -(-total // per_page))
    page = max(1, min(page or 1, pages))
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items, total, page, per_page)
