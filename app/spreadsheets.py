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
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import openpyxl
from flask_babel import lazy_gettext as _l
from openpyxl.utils import column_index_from_string

from app.text import fold, nfc

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
#: how many first rows may hold titles above the header row
HEADER_SCAN_ROWS = 30
#: rows allowed beyond a list's limit: titles above the header, group headings and sub-totals
#: between the products, a footer and signatures below
EXTRA_ROWS = 1_000
#: columns read from a sheet; a list has a dozen, anything further right is ignored
MAX_COLUMNS = 60
#: blank rows in a row that end the list (what follows is formatting, or a trick)
BLANK_RUN_END = 1_000
#: rows read at most, blank ones included, per row allowed
ROW_SCAN_FACTOR = 5
#: how large the parts of an .xlsx may unpack (a 20,000-row list's sheet is about 6 MB)
MAX_SHEET_BYTES = 64 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024
MAX_OTHER_PART_BYTES = 8 * 1024 * 1024
MAX_UNPACKED_BYTES = 96 * 1024 * 1024

#: a header's match_key -> the field it names, or None
FieldForHeader = Callable[[str], str | None]
#: a header's match_key -> how surely it names its field (0–100)
HeaderScore = Callable[[str], int]


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

def read_table(filename: str, data: bytes, max_rows: int = MAX_ROWS, max_bytes: int = MAX_FILE_BYTES) -> Table:
    """The file's first sheet as rows; ImportRejected if it is not a readable spreadsheet, is larger
    than `max_bytes` or holds more than `max_rows` rows (beyond titles and a footer)."""
    if not data:
        raise ImportRejected(_l("The file is empty."))
    if len(data) > max_bytes:
        raise ImportRejected(_l("The file is larger than %(size)d MB.", size=max_bytes // (1024 * 1024)))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRejected(_l("This file is encrypted or in the old .xls format. Save it as an unprotected "
                                ".xlsx workbook (or .csv) and try again."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, max_rows)
    if (filename or "").lower().endswith((".xlsx", ".xlsm")):
        raise ImportRejected(_l("This .xlsx file is damaged and cannot be read."))
    return _read_csv(data, max_rows)


def _refuse_too_many_rows(count: int, max_rows: int) -> None:
    """Refuse a sheet longer than any real list (title rows and a footer allowed)."""
    if count > max_rows + EXTRA_ROWS:
        raise ImportRejected(_l("The file has more than %(n)d rows.", n=max_rows))


# --- Reading .xlsx: streamed, every part's unpacked size checked first -----------------------

def _read_xlsx(data: bytes, max_rows: int) -> Table:
    """The first worksheet's rows, merged cells repeated over their whole range.

    The workbook is streamed (openpyxl's read-only mode) so memory does not grow with the
    sheet, after the zip directory has shown that no part unpacks into something huge.
    Formulas are read as their text and reported, never evaluated; external links are not
    loaded at all.
    """
    archive = _checked_archive(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        try:
            sheet = workbook.worksheets[0]
            ranges = _merged_ranges(archive, sheet._worksheet_path)
            return _stream_rows(sheet, ranges, max_rows)
        finally:
            workbook.close()
    except ImportRejected:
        raise
    except Exception as error:  # openpyxl and zipfile raise many kinds on damaged files (bad CRC included)
        raise ImportRejected(_l("This .xlsx file is damaged and cannot be read.")) from error


def _checked_archive(data: bytes) -> zipfile.ZipFile:
    """The .xlsx as a zip archive, refused if it is not a workbook or a part would unpack too big.

    The sizes come from the zip directory; a part that lies about its size is cut at the
    declared size by zipfile and then fails its CRC check, so the limits hold either way.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportRejected(_l("This .xlsx file is damaged and cannot be read.")) from error
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise ImportRejected(_l("This file is not a spreadsheet. Upload an .xlsx or .csv file."))
    for info in infos:
        if info.file_size > _part_limit(info.filename):
            raise ImportRejected(_l("The file unpacks to more than %(size)d MB (a sheet or its text is too large "
                                    "for a list). Split it, or save only the list's sheet.",
                                    size=_part_limit(info.filename) // (1024 * 1024)))
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise ImportRejected(_l("The file unpacks to more than %(size)d MB (a sheet or its text is too large "
                                "for a list). Split it, or save only the list's sheet.",
                                size=MAX_UNPACKED_BYTES // (1024 * 1024)))
    return archive


def _part_limit(name: str) -> int:
    """How large one part of the workbook may unpack: sheets most, the shared text less
    (openpyxl holds it all in memory), anything else (styles, drawings) little."""
    if name.startswith("xl/worksheets/"):
        return MAX_SHEET_BYTES
    if name == "xl/sharedStrings.xml":
        return MAX_SHARED_STRINGS_BYTES
    return MAX_OTHER_PART_BYTES


_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')


def _merged_ranges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of the sheet's merged ranges, clipped to the columns read.

    Read-only mode does not report merged cells, so they are found in the sheet's XML,
    in chunks (the part's size was checked); a range's top-left value is copied over it
    while the rows stream by.
    """
    ranges, tail = [], b""
    with archive.open(path.lstrip("/")) as source:
        while chunk := source.read(1 << 20):
            text = tail + chunk
            for match in _MERGE_CELL.finditer(text):
                first_col, first_row = column_index_from_string(match[1].decode()), int(match[2])
                last_col, last_row = column_index_from_string(match[3].decode()), int(match[4])
                if first_col <= MAX_COLUMNS:
                    ranges.append((first_row, first_col, last_row, min(last_col, MAX_COLUMNS)))
            tail = text[-200:]
    return sorted(set(ranges))


def _stream_rows(sheet, ranges: list[tuple[int, int, int, int]], max_rows: int) -> Table:
    """The sheet's rows, read one at a time and stopped at the limits: the first MAX_COLUMNS
    columns, `max_rows` rows that hold something (plus room for titles and a footer), and
    the end of the list after BLANK_RUN_END blank rows in a row (Excel keeps formatted
    empty rows down to the bottom of many sheets)."""
    columns = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
    rows: list[list] = []
    formulas: set[tuple[int, int]] = set()
    merges = _MergeFiller(ranges)
    filled = blank_run = 0
    for r, cells in enumerate(sheet.iter_rows(max_col=columns), start=1):
        values = []
        for c, cell in enumerate(cells, start=1):
            value = cell.value
            if cell.data_type == "f":  # a string cell starting with "=" is text (our export writes those)
                formulas.add((r - 1, c - 1))
            values.append(value)
        merges.fill(r, values)
        while values and values[-1] in (None, ""):
            values.pop()
        rows.append(values)
        blank_run = blank_run + 1 if not values else 0
        filled += bool(values)
        if blank_run >= BLANK_RUN_END:
            break
        _refuse_too_many_rows(filled, max_rows)
        if r > ROW_SCAN_FACTOR * (max_rows + EXTRA_ROWS):
            raise ImportRejected(_l("The file has more than %(n)d rows.", n=max_rows))
    while rows and not rows[-1]:
        rows.pop()
    return Table(rows, formulas)


class _MergeFiller:
    """Copies each merged range's top-left value over the range as rows stream by in order."""

    def __init__(self, ranges: list[tuple[int, int, int, int]]):
        self.pending = ranges  # sorted by first row
        self.next = 0
        self.active: list[tuple[int, int, int, object]] = []  # (first_col, last_row, last_col, value)

    def fill(self, row: int, values: list) -> None:
        """Fill `values` (row number `row`) from the ranges covering it."""
        while self.next < len(self.pending) and self.pending[self.next][0] <= row:
            first_row, first_col, last_row, last_col = self.pending[self.next]
            self.next += 1
            if first_row == row:
                value = values[first_col - 1] if first_col <= len(values) else None
                self.active.append((first_col, last_row, last_col, value))
        self.active = [entry for entry in self.active if entry[1] >= row]
        for first_col, _last_row, last_col, value in self.active:
            if len(values) < last_col:
                values.extend([None] * (last_col - len(values)))
            for column in range(first_col, last_col + 1):
                values[column - 1] = value


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


def _read_csv(data: bytes, max_rows: int) -> Table:
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
        rows = [row[:MAX_COLUMNS] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:
        raise ImportRejected(_l("This file is not a spreadsheet. Upload an .xlsx or .csv file.")) from error
    _refuse_too_many_rows(len(rows), max_rows)
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


def map_columns(headers: list, field_for_header: FieldForHeader, score: HeaderScore | None = None) -> dict[int, str]:
    """Column index -> field for a header row; a field named by two columns goes to the surer
    match (by `score`), the first of equals."""
    named = []
    for column, header in enumerate(headers):
        key = match_key(header)
        name = field_for_header(key)
        if name:
            named.append((-(score(key) if score else 0), column, name))
    mapping: dict[int, str] = {}
    for _score, column, name in sorted(named):
        if name not in mapping.values():
            mapping[column] = name
    return dict(sorted(mapping.items()))


def header_candidates(rows: list[list], field_for_header: FieldForHeader, scan_rows: int = HEADER_SCAN_ROWS,
                      score: HeaderScore | None = None) -> Iterator[tuple[int, dict[int, str]]]:
    """(row index, column mapping) for each of the first rows: the header sits somewhere
    below the title rows, and each importer decides which of these it is."""
    for index, row in enumerate(rows[:scan_rows]):
        yield index, map_columns([cell_text(value) for value in row], field_for_header, score)


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


# --- Reading values ---------------------------------------------------------------------------

_DATE = re.compile(r"^\s*(?:ngay\s*)?(\d{1,2})(?:[/.\-]|\s*thang\s*)(\d{1,2})(?:[/.\-]|\s*nam\s*)(\d{4})\s*$")
#: a year alone ("năm 2024"): the day is unknown, so no date is recorded and no error either
_YEAR_ONLY = re.compile(r"^\s*(?:nam\s*)?(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_date(value) -> date | None | str:
    """A date from an Excel date, an Excel serial number or text (dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy,
    "ngày 12 tháng 9 năm 2024"); "" if empty or only a year ("năm 2024"), None if invalid."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and 20000 < value < 80000:
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = fold(str(value)).strip()
    if _YEAR_ONLY.match(text):
        return ""
    match = _DATE.match(text)
    try:
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        match = _ISO_DATE.match(text)
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return None
