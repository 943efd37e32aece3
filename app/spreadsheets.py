"""Reading the tables people upload (.xlsx or .csv) into rows, and finding their header.

Shared by every import (the OCOP product list, the members of a collective mark), so it
knows nothing of products or members: each importer brings its own column wordings as a
`field_for_header` function. Files come from Excel on office PCs, so the reader expects
title rows above the header, merged cells, ";" separators and Windows-1258 text, and
refuses with a message (ImportRejected) what it cannot read rather than guessing.
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import openpyxl
from flask_babel import lazy_gettext as _l

from app.text import fold, nfc

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
#: how many first rows may hold titles above the header row
HEADER_SCAN_ROWS = 30

#: a header's match_key -> the field it names, or None
FieldForHeader = Callable[[str], str | None]


class ImportRejected(Exception):
    """The file cannot be read at all; `message` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Table:
    """A sheet as rows of cell values (str, int, float, date, datetime or None)."""

    rows: list[list]
    formulas: set[tuple[int, int]] = field(default_factory=set)  # (row, column) of formula cells


# --- Reading a file into rows -------------------------------------------------------------

def read_table(filename: str, data: bytes) -> Table:
    """The file's first sheet as rows; ImportRejected if it is not a readable spreadsheet."""
    if not data:
        raise ImportRejected(_l("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected(_l("The file is larger than %(size)d MB.", size=MAX_FILE_BYTES // (1024 * 1024)))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRejected(_l("This file is encrypted or in the old .xls format. Save it as an unprotected "
                                ".xlsx workbook (or .csv) and try again."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if (filename or "").lower().endswith((".xlsx", ".xlsm")):
        raise ImportRejected(_l("This .xlsx file is damaged and cannot be read."))
    return _read_csv(data)


def _refuse_too_many_rows(count: int) -> None:
    """Refuse a sheet longer than any real list (title rows allowed on top)."""
    if count > MAX_ROWS + HEADER_SCAN_ROWS:
        raise ImportRejected(_l("The file has more than %(n)d rows.", n=MAX_ROWS))


def _read_xlsx(data: bytes) -> Table:
    """The first worksheet's rows, merged cells repeated over their whole range."""
    sheet = _open_workbook(data).worksheets[0]
    _refuse_too_many_rows(sheet.max_row)
    merged = _merged_values(sheet)
    rows, formulas = [], set()
    for r, row in enumerate(sheet.iter_rows(), start=1):
        values = []
        for c, cell in enumerate(row, start=1):
            value = merged.get((r, c), cell.value)
            if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
                formulas.add((r - 1, c - 1))
            values.append(value)
        rows.append(values)
    return Table(rows, formulas)


def _open_workbook(data: bytes) -> openpyxl.Workbook:
    """The workbook in `data`, after checking it is one and would not unpack into something huge."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise ImportRejected(_l("This file is not a spreadsheet. Upload an .xlsx or .csv file."))
            # a zip bomb: refuse what would unpack into something huge
            if sum(info.file_size for info in archive.infolist()) > 40 * MAX_FILE_BYTES:
                raise ImportRejected(_l("This .xlsx file is damaged and cannot be read."))
        return openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=False)
    except ImportRejected:
        raise
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise ImportRejected(_l("This .xlsx file is damaged and cannot be read.")) from error


def _merged_values(sheet) -> dict[tuple[int, int], object]:
    """(row, column) -> value for every cell of a merged range: offices merge a name over the
    rows it applies to, and each of those rows means it."""
    merged = {}
    for cell_range in sheet.merged_cells.ranges:
        top_left = sheet.cell(cell_range.min_row, cell_range.min_col).value
        for row in range(cell_range.min_row, cell_range.max_row + 1):
            for column in range(cell_range.min_col, cell_range.max_col + 1):
                merged[(row, column)] = top_left
    return merged


def _decode(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), else Windows-1258."""
    if b"\x00" in data[:4096]:
        raise ImportRejected(_l("This file is not a spreadsheet. Upload an .xlsx or .csv file."))
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258")  # Windows-1258: Vietnamese with combining tone marks
    except UnicodeDecodeError as error:
        raise ImportRejected(_l("The file's text encoding is not recognised. Save it as CSV UTF-8.")) from error


def _read_csv(data: bytes) -> Table:
    """A CSV file's rows, with the separator guessed; binary files are refused."""
    try:
        text = _decode(data)
    except UnicodeDecodeError as error:
        raise ImportRejected(_l("The file's text encoding is not recognised. Save it as CSV UTF-8.")) from error
    sample = text[:8192]
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in sample)
    if sample and printable / len(sample) < 0.95:
        raise ImportRejected(_l("This file is not a spreadsheet. Upload an .xlsx or .csv file."))
    # the separator used most in the first lines (Excel writes ";" in some locales)
    lines = sample.splitlines()[:40]
    delimiter = max(",;\t", key=lambda d: sum(line.count(d) for line in lines))
    csv.field_size_limit(1_000_000)
    try:
        rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:
        raise ImportRejected(_l("This file is not a spreadsheet. Upload an .xlsx or .csv file.")) from error
    _refuse_too_many_rows(len(rows))
    formulas = {(r, c) for r, row in enumerate(rows) for c, value in enumerate(row) if value.startswith("=")}
    return Table(rows, formulas)


# --- Cell values ---------------------------------------------------------------------------

def cell_text(value) -> str:
    """A cell as trimmed NFC text ("" if empty); whole numbers without Excel's ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def unescape_cell(text: str) -> str:
    """Undo the export's formula escape: a leading apostrophe before = + - @."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text


# --- Finding the header --------------------------------------------------------------------

def match_key(text) -> str:
    """Text for matching whatever the accents, case, punctuation and spacing: "Xã/phường",
    "Xã - Phường" and "XÃ PHƯỜNG" all read "xa phuong". Headers are matched this way since
    offices write the same column many ways."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(str(text or ""))).split())


def map_columns(headers: list, field_for_header: FieldForHeader) -> dict[int, str]:
    """Column index -> field for a header row; a field named twice goes to its first column."""
    mapping: dict[int, str] = {}
    for column, header in enumerate(headers):
        name = field_for_header(match_key(header))
        if name and name not in mapping.values():
            mapping[column] = name
    return mapping


def header_candidates(rows: list[list], field_for_header: FieldForHeader,
                      scan_rows: int = HEADER_SCAN_ROWS) -> Iterator[tuple[int, dict[int, str]]]:
    """(row index, column mapping) for each of the first rows: the header sits somewhere
    below the title rows, and each importer decides which of these it is."""
    for index, row in enumerate(rows[:scan_rows]):
        yield index, map_columns([cell_text(value) for value in row], field_for_header)


def join_split_headers(rows: list[list], header_row: int, mapping: dict[int, str],
                       field_for_header: FieldForHeader) -> tuple[list[str], dict[int, str]]:
    """The header row's texts and mapping, completed from the row above where a header is
    split over two rows (a merged group title over sub-titles: "Ngày" over "Cấp")."""
    headers = [cell_text(value) for value in rows[header_row]]
    mapping = dict(mapping)
    if header_row == 0:
        return headers, mapping
    above = [cell_text(value) for value in rows[header_row - 1]]
    for column, header in enumerate(headers):
        if column not in mapping and column < len(above) and above[column] and above[column] != header:
            joined = f"{above[column]} {header}".strip()
            name = field_for_header(match_key(joined))
            if name and name not in mapping.values():
                mapping[column] = name
                headers[column] = joined
    return headers, mapping
