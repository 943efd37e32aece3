"""Members of a collective mark from an Excel or CSV file (the list cooperatives already keep).

Reading the file is app.spreadsheets' checked reader (content sniffing, zip-bomb and size
limits, encodings), shared with the product list import; here we only name the columns and
turn rows into the members step's form fields. Nothing is stored until the step is saved,
like any typed input.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage, MultiDict

from app.spreadsheets import (
    MAX_FILE_BYTES,
    ImportRejected,
    cell_text,
    header_candidates,
    match_key,
    read_table,
    unescape_cell,
)

#: header wordings (as spreadsheets.match_key folds them) -> member field
MEMBER_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("ten", "ho va ten", "ho ten", "ten thanh vien", "thanh vien", "ten to chuc ca nhan", "name"),
    "address": ("dia chi", "dia chi thuong tru", "address"),
    "ward": ("xa", "phuong", "xa phuong", "phuong xa", "xa phuong thi tran", "ward"),
    "produces": ("san pham", "san xuat", "nganh nghe", "san pham san xuat", "mat hang", "produces", "products"),
    "tax_code": ("ma so thue", "mst", "cccd", "so cccd", "ma so thue cccd", "tax code"),
}
MEMBER_FIELDS = ("name", "address", "ward", "produces", "tax_code")
#: how many first rows may hold titles above the header row
HEADER_SCAN_ROWS = 10
MAX_MEMBERS = 500
#: rows read from a members file at most: any producer can upload one, so a file far longer
#: than a cooperative's list is refused before it costs the server anything
MAX_MEMBER_ROWS = 4 * MAX_MEMBERS


@dataclass
class ImportOutcome:
    formdata: MultiDict
    added: int
    skipped: int


def field_for_header(key: str) -> str | None:
    """The member field a folded header names exactly, or None."""
    return next((field for field, aliases in MEMBER_HEADERS.items() if key in aliases), None)


def read_members(upload: FileStorage) -> list[dict]:
    """Member rows of an uploaded .xlsx/.csv file; ImportRejected with a message otherwise."""
    table = read_table(upload.filename or "", upload.read(MAX_FILE_BYTES + 1), max_rows=MAX_MEMBER_ROWS)
    # the first row naming the name column is the header, whatever titles sit above it
    for header_index, mapping in header_candidates(table.rows, field_for_header, HEADER_SCAN_ROWS):
        if "name" in mapping.values():
            break
    else:
        raise ImportRejected(_l("No \"Họ và tên\" (name) column was found in the first rows of the file. "
                                "Name the columns: Họ và tên, Địa chỉ, Xã/phường, Sản phẩm, Mã số thuế/CCCD."))
    members = []
    for row in table.rows[header_index + 1:]:
        member = {field: "" for field in MEMBER_FIELDS}
        for index, field in mapping.items():
            if index < len(row):
                member[field] = unescape_cell(cell_text(row[index]))
        if member["name"]:
            members.append(member)
    if not members:
        raise ImportRejected(_l("The file has a name column but no members under it."))
    return members


def merge_members(formdata: MultiDict, upload: FileStorage) -> ImportOutcome:
    """The step's input with the file's members added after the typed ones (same name and
    address only once), as the members step's FieldList fields."""
    typed = []
    index = 0
    while f"members-{index}-name" in formdata:
        row = {field: formdata.get(f"members-{index}-{field}", "") for field in MEMBER_FIELDS}
        if any(row.values()):
            typed.append(row)
        index += 1
    seen = {(match_key(m["name"]), match_key(m["address"])) for m in typed}
    added = skipped = 0
    for member in read_members(upload):
        key = (match_key(member["name"]), match_key(member["address"]))
        if key in seen or len(typed) >= MAX_MEMBERS:
            skipped += 1
            continue
        seen.add(key)
        typed.append(member)
        added += 1
    rebuilt = MultiDict([(k, v) for k, v in formdata.items(multi=True) if not k.startswith("members-")])
    for index, member in enumerate(typed):
        for field in MEMBER_FIELDS:
            rebuilt.add(f"members-{index}-{field}", member[field])
    return ImportOutcome(rebuilt, added, skipped)


def absorb_upload(formdata: MultiDict, files: MultiDict) -> tuple[MultiDict, list[str], list[tuple[str, str]]]:
    """The members step's `prepare` hook: (input with the file's members, notices, field errors)."""
    upload = files.get("members_file")
    if upload is None or not upload.filename:
        return formdata, [], []
    try:
        outcome = merge_members(formdata, upload)
    except ImportRejected as rejection:
        return formdata, [], [("members_file", str(rejection.message))]
    notice = _("%(added)d members added from %(file)s.", added=outcome.added, file=upload.filename)
    if outcome.skipped:
        notice += " " + _("%(skipped)d rows were already listed (or over the limit) and were skipped.",
                          skipped=outcome.skipped)
    return outcome.formdata, [notice], []
