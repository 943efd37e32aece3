"""Import of the register of earlier marks from files exported from public search tools (the IP
office's IPLib / WIPO Publish, WIPO Global Brand Database), as .xlsx or .csv.

Accepted columns (README "Mark pre-check"): the number (application or certificate), the mark, and
optionally the owner, Nice classes, status, filing and registration dates. Every row is checked
first; nothing is written unless every row is right (all or nothing). A number already in the
register updates that row instead of adding one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.marks.normalize import folded, words
from app.marks.phonetics import syllable_key
from app.marks.relative import lookup_keys
from app.models import EarlierMark, EarlierMarkKey
from app.models.base import utcnow
from app.spreadsheets import ImportRejected, cell_text, header_candidates, parse_date, read_table

#: a register export is longer than an office's list: 100,000 marks fit (about 9 MB as .csv), and the
#: upload stays under the app's request limit (MAX_CONTENT_LENGTH, 20 MB)
MAX_ROWS = 200_000
MAX_BYTES = 19 * 1024 * 1024
#: each field and the header wordings that name it, compared by app/spreadsheets.py match_key
HEADERS = {
    "number": ("so don", "so bang", "so vbbh", "so van bang", "so dang ky", "application number",
               "registration number", "number", "so"),
    "mark_text": ("nhan hieu", "ten nhan hieu", "mau nhan", "mark", "brand", "trademark", "mark text"),
    "owner": ("chu don", "chu so huu", "chu van bang", "nguoi nop don", "owner", "holder", "applicant"),
    "nice_classes": ("nhom", "nhom san pham dich vu", "phan loai nice", "nice class", "nice classes", "class",
                     "classes"),
    "status": ("trang thai", "tinh trang", "status"),
    "filing_date": ("ngay nop don", "ngay nop", "filing date", "application date"),
    "registration_date": ("ngay cap", "ngay cap bang", "registration date"),
}
_BY_HEADER = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
_LIMITS = {"number": 40, "mark_text": 500, "owner": 300, "status": 80}
COLUMN_TITLES = {"number": _l("number"), "mark_text": _l("mark"), "owner": _l("owner"), "status": _l("status")}
_NUMBERS = re.compile(r"\d+")


@dataclass
class ImportResult:
    """What an import did, or the rows that stopped it."""

    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0


def _date(value) -> date | None:
    """A date as the product importer reads it (app/spreadsheets.py parse_date); ValueError if it is
    not one. A year alone records no date."""
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(value)
    return parsed or None


def _classes(value) -> str:
    """'29, 30', 'Nhóm 29; 30', 29 -> '29,30'; ValueError for a class outside 1-45."""
    numbers = sorted({int(n) for n in _NUMBERS.findall(cell_text(value))})
    if any(not 1 <= n <= 45 for n in numbers):
        raise ValueError(value)
    return ",".join(str(n) for n in numbers)


def _row_values(row: list, mapping: dict[int, str], line: int, errors: list[str]) -> dict | None:
    values = {name: row[column] if column < len(row) else None for column, name in mapping.items()}
    texts = {name: cell_text(values.get(name)).strip() for name in _LIMITS}
    if not any(texts.values()):
        return None  # a blank row
    for name in ("number", "mark_text"):
        if not texts[name]:
            errors.append(_("Row %(line)d: the %(column)s is missing.", line=line, column=COLUMN_TITLES[name]))
    for name, limit in _LIMITS.items():
        if len(texts[name]) > limit:
            errors.append(_("Row %(line)d: the %(column)s is longer than %(limit)d characters.", line=line,
                            column=COLUMN_TITLES[name], limit=limit))
    result = dict(texts)
    try:
        result["nice_classes"] = _classes(values.get("nice_classes"))
    except ValueError:
        errors.append(_("Row %(line)d: Nice classes are numbers from 1 to 45.", line=line))
    for name in ("filing_date", "registration_date"):
        try:
            result[name] = _date(values.get(name))
        except ValueError:
            errors.append(_("Row %(line)d: “%(value)s” is not a date (dd/mm/yyyy).", line=line,
                            value=cell_text(values.get(name))[:40]))
    return result


def _header(rows: list[list]) -> tuple[int, dict[int, str]]:
    for index, mapping in header_candidates(rows, lambda key: _BY_HEADER.get(key)):
        if {"number", "mark_text"} <= set(mapping.values()):
            return index, mapping
    raise ImportRejected(_("No header row with the number and the mark was found. Accepted headers: "
                           "“Số đơn” or “Số bằng”, and “Nhãn hiệu”."))


def check_file(filename: str, data: bytes) -> tuple[list[dict], list[str]]:
    """Every row of the file as values, and every error (each names its row)."""
    table = read_table(filename, data, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    header, mapping = _header(table.rows)
    parsed, errors, seen = [], [], {}
    for index, row in enumerate(table.rows[header + 1:], start=header + 2):
        values = _row_values(row, mapping, index, errors)
        if values is None:
            continue
        if values["number"] in seen:
            errors.append(_("Row %(line)d: number %(number)s is also on row %(other)d.", line=index,
                            number=values["number"], other=seen[values["number"]]))
        seen[values["number"]] = index
        parsed.append(values)
    return parsed, errors


def _derived(values: dict) -> dict:
    return {"folded": folded(values["mark_text"])[:500],
            "sound": " ".join(syllable_key(w) for w in words(values["mark_text"]))[:500]}


def _derived_rows(parsed: list[dict], source: str) -> tuple[list[dict], list[dict]]:
    """The rows to update (a number already in the register) and to insert, with their derived forms."""
    existing = dict(db.session.execute(sa.select(EarlierMark.number, EarlierMark.id)).all())
    now = utcnow()
    updates, inserts = [], []
    for values in parsed:
        row = {**values, **_derived(values), "source": source, "updated_at": now}
        if values["number"] in existing:
            updates.append({**row, "id": existing[values["number"]]})
        else:
            inserts.append({**row, "created_at": now})
    return updates, inserts


def import_register(filename: str, data: bytes, source: str) -> ImportResult:
    """Check the whole file; when no row has an error, add or update every row (flushed, not
    committed). ImportRejected when the file cannot be read at all."""
    parsed, errors = check_file(filename, data)
    if errors:
        return ImportResult(errors=errors)
    updates, inserts = _derived_rows(parsed, source)
    if updates:
        db.session.execute(sa.update(EarlierMark), updates)
        ids = [row["id"] for row in updates]
        for start in range(0, len(ids), 1000):
            db.session.execute(sa.delete(EarlierMarkKey).where(EarlierMarkKey.mark_id.in_(ids[start:start + 1000])))
    new_ids = {}
    for start in range(0, len(inserts), 5000):
        returned = db.session.execute(sa.insert(EarlierMark).returning(EarlierMark.number, EarlierMark.id),
                                      inserts[start:start + 5000])
        new_ids.update(returned.all())
    ids = {**{row["number"]: row["id"] for row in updates}, **new_ids}
    keys = [{"key": key, "mark_id": ids[values["number"]]}
            for values in parsed for key in lookup_keys(words(values["mark_text"]))]
    for start in range(0, len(keys), 20000):
        db.session.execute(sa.insert(EarlierMarkKey), keys[start:start + 20000])
    db.session.flush()
    return ImportResult(created=len(inserts), updated=len(updates))
