"""The engine's tables, read once from app/data/mark_*.csv (each file says where its rows come from)."""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


def rows(name: str) -> list[dict[str, str]]:
    """The rows of app/data/<name>.csv; lines starting with # are the file's notes on its sources."""
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as source:
        return list(csv.DictReader(line for line in source if not line.startswith("#")))


@lru_cache(maxsize=1)
def settings() -> dict[str, float]:
    """Thresholds and weights (app/data/mark_settings.csv), tuned on the labelled pairs in the tests."""
    return {row["name"]: float(row["value"]) for row in rows("mark_settings")}


def setting(name: str) -> float:
    """One threshold or weight by name."""
    return settings()[name]
