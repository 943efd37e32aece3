"""Benchmark: the mark pre-check against a register of 100,000 earlier marks.

Run with `make bench`. Prints figures; asserts nothing (speed goals are not tests).
Targets: importing a 100,000-row .csv export (all rows checked, keys written) <= 60 s; a check
(absolute grounds, register candidates by indexed keys, scoring) <= 200 ms at the 95th percentile.
"""
from __future__ import annotations

import logging
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.auth import services as auth_services  # noqa: E402
from app.extensions import db  # noqa: E402
from app.marks.register_import import import_register  # noqa: E402
from app.marks.services import check  # noqa: E402
from app.models import EarlierMarkKey, Role  # noqa: E402
from config import TestConfig  # noqa: E402

MARKS = 100_000
CHECKS = 200
INITIALS = ("b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "r", "s",
            "t", "th", "tr", "v", "x")
RIMES = ("a", "à", "an", "áng", "ao", "âu", "ên", "iêm", "inh", "oa", "ôn", "ông", "ơi", "uy", "ương", "ất",
         "ọc", "úc", "ai", "ưa")
FOREIGN = ("Food", "Farm", "Coffee", "Gold", "Green", "Star", "Home", "Fresh", "King", "Tea")


def sign(rng: random.Random) -> str:
    """A made-up mark of one to three syllables, now and then with a foreign word."""
    words = [(rng.choice(INITIALS) + rng.choice(RIMES)).capitalize() for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.15:
        words.append(rng.choice(FOREIGN))
    return " ".join(words)


def register_csv(rng: random.Random) -> bytes:
    lines = ["Số đơn,Nhãn hiệu,Chủ đơn,Nhóm,Trạng thái,Ngày nộp đơn"]
    for i in range(MARKS):
        classes = ", ".join(str(c) for c in sorted(rng.sample((29, 30, 31, 32, 33, 3, 5, 43), rng.randint(1, 2))))
        lines.append(f"4-{2010 + i % 16}-{i:06d},{sign(rng)},Công ty {i},\"{classes}\",Cấp bằng,"
                     f"{1 + i % 28:02d}/{1 + i % 12:02d}/{2010 + i % 16}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    logging.disable(logging.INFO)  # migration chatter would bury the figures
    folder = Path(tempfile.mkdtemp())
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.sqlite3'}",
                     UPLOAD_DIR=str(folder / "uploads"))
    rng = random.Random(18)
    with app.app_context():
        upgrade()
        user = auth_services.create_user(email="tuvan@bench.vn", full_name="Tư vấn", password="benchmark-1",
                                         role=Role.CONSULTANT)
        db.session.commit()
        data = register_csv(rng)
        started, cpu = time.perf_counter(), time.process_time()
        result = import_register("register.csv", data, "bench")
        db.session.commit()
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        keys = db.session.scalar(sa.select(sa.func.count()).select_from(EarlierMarkKey))
        print(f"import of {MARKS:,} rows ({len(data) / 1e6:.1f} MB csv, {keys:,} lookup keys): "
              f"{wall:.1f} s wall, {cpu:.1f} s CPU (target <= 60 s); errors {len(result.errors)}")
        times, cpu_times, found = [], [], 0
        for _ in range(CHECKS):
            text = sign(rng) + (" Phú Quốc" if rng.random() < 0.1 else "")
            classes = [rng.choice((29, 30, 31, 33))]
            started, cpu = time.perf_counter(), time.process_time()
            found += len(check(text, classes, user))
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu) * 1000)
        p95, cpu_p95 = statistics.quantiles(times, n=20)[18], statistics.quantiles(cpu_times, n=20)[18]
        print(f"check against the register: median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms wall, "
              f"{cpu_p95:.0f} ms CPU (target p95 <= 200 ms); {found / CHECKS:.1f} findings per check")


if __name__ == "__main__":
    main()
