"""Reading the annual report back: its HTML tables, its PDF's text and its Excel cells, as
comparable values (used by the page tests and the browser journey)."""
from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser


class _Tables(HTMLParser):
    """The cells of every <table data-table="…"> of a page, as text, by table key."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._key = None
        self._row = None
        self._cell = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self._key = attrs["data-table"]
            self.tables[self._key] = []
        elif self._key and tag == "thead":
            self._in_head = True
        elif self._key and tag == "tr" and not self._in_head:
            self._row = []
        elif self._row is not None and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._key].append(self._row)
            self._row = None
        elif tag == "table":
            self._key = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def number_of(text: str):
    """A printed cell as a comparable value: '1.234' → 1234, '45,5 %' → ('%', 45.5), '—' → None."""
    text = text.strip()
    if text in ("—", ""):
        return None
    match = re.fullmatch(r"(-?[\d.]+(?:,\d+)?)( %)?", text)
    if not match:
        return text
    value = float(match.group(1).replace(".", "").replace(",", "."))
    return ("%", value) if match.group(2) else value


def xlsx_value(value, number_format: str):
    if value == "—" or value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ("%", round(value * 100, 1)) if "%" in number_format else float(value)
    return number_of(value)  # text reads as on the page (e.g. a year written as text)


def row_pattern(figures: list[str]) -> re.Pattern:
    """The figures of a table row, in order, on one line of the PDF's text: between two figures only
    non-digits (spaces, a verdict); a space inside a figure ("0 %") may be lost by pdftotext."""
    parts = [re.escape(c).replace(r"\ ", r"\s*") for c in figures]
    return re.compile(r"(?<![\d,.])" + r"[^\d]+".join(parts) + r"(?![\d,])")


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
