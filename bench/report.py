"""Benchmark: the annual implementation report over 10,000 cases and 10,000 products.

Run with `make bench`. Prints figures; asserts nothing (speed goals are not tests).
Target: the PDF (figures, tables, charts, WeasyPrint) <= 2 s in a warm process, built for real
(not the copy services.pdf_bytes keeps for the same data; that one is timed apart).
"""
from __future__ import annotations

import logging
import random
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Case, CaseEvent, CaseKind, CaseStatus, Product, case_products  # noqa: E402
from bench.registry import load  # noqa: E402
from config import TestConfig  # noqa: E402

YEAR = 2025


def add_history() -> None:
    """Filing, grant and refusal dates over 2019-2025 and one history row per step for every case."""
    random.seed(7)
    cases = db.session.execute(sa.select(Case.id, Case.status)).all()
    kinds = list(CaseKind)
    events, updates = [], []
    for case_id, status in cases:
        start = date(2019, 1, 1) + timedelta(days=random.randrange(7 * 365))
        filed = start + timedelta(days=30) if status != CaseStatus.DRAFT else None
        decided = filed + timedelta(days=random.randrange(300, 700)) if filed and status in (
            CaseStatus.GRANTED, CaseStatus.REFUSED) else None
        updates.append(dict(id=case_id, kind=random.choice(kinds), filing_date=filed,
                            grant_date=decided if status == CaseStatus.GRANTED else None))
        stamp = datetime(start.year, start.month, start.day, tzinfo=timezone.utc)
        events.append(dict(case_id=case_id, transition="create", to_status=CaseStatus.DRAFT, created_at=stamp,
                           details={}))
        if filed:
            events.append(dict(case_id=case_id, transition="file", to_status=CaseStatus.FILED, event_date=filed,
                               created_at=stamp, details={}))
        if decided:
            events.append(dict(case_id=case_id, transition="decide", to_status=status, event_date=decided,
                               created_at=stamp, details={}))
    db.session.execute(sa.update(Case), updates)
    db.session.execute(sa.insert(CaseEvent), events)
    issued = [dict(id=pid, certificate_issued_on=date(2019, 1, 1) + timedelta(days=random.randrange(7 * 365)))
              for pid in db.session.scalars(sa.select(Product.id))]
    db.session.execute(sa.update(Product), issued)
    db.session.commit()


def main() -> None:
    logging.disable(logging.WARNING)  # migration chatter would bury the figures
    folder = Path(tempfile.mkdtemp())
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.sqlite3'}",
                     UPLOAD_DIR=str(folder / "uploads"))
    with app.app_context():
        upgrade()
        load()
        add_history()
        counts = (db.session.scalar(sa.select(sa.func.count()).select_from(Case)),
                  db.session.scalar(sa.select(sa.func.count()).select_from(Product)),
                  db.session.scalar(sa.select(sa.func.count()).select_from(case_products)))
        from app.reports import figures, services

        with app.test_request_context():
            services.pdf_bytes(YEAR, use_cache=False)  # warm up: fonts, templates
            timings = {}
            start = time.perf_counter()
            result = figures.compute(YEAR)
            timings["figures"] = time.perf_counter() - start
            start = time.perf_counter()
            services.build(YEAR, result)
            timings["tables + charts"] = time.perf_counter() - start
            start = time.perf_counter()
            pdf = services.pdf_bytes(YEAR, use_cache=False)
            timings["PDF"] = time.perf_counter() - start
            services.pdf_bytes(YEAR)  # the copy kept for these data
            start = time.perf_counter()
            services.pdf_bytes(YEAR)
            timings["PDF again"] = time.perf_counter() - start
            start = time.perf_counter()
            services.xlsx_bytes(YEAR)
            timings["Excel"] = time.perf_counter() - start
        print(f"annual report {YEAR} over {counts[0]:,} cases and {counts[1]:,} products "
              f"({sum(result.by_kind[k]['filed'] for k in CaseKind)} filed in the year):")
        print(f"  figures {timings['figures']:.2f} s, tables and charts {timings['tables + charts']:.2f} s")
        print(f"  PDF (all of it) {timings['PDF']:.2f} s (target 2 s), {len(pdf) // 1024} KiB; "
              f"Excel {timings['Excel']:.2f} s")
        print(f"  PDF again with the same data {timings['PDF again']:.2f} s (figures computed, "
              f"the PDF made last time served)")
        db.engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
