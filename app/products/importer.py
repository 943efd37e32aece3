"""Import of OCOP product lists as offices keep them: .xlsx or .csv, messy.

Real lists have title rows above the header, merged cells, headers in varying
Vietnamese wording, star ratings written "4 sao" or "4*", dates as Excel dates or
dd/mm/yyyy text, blank rows. The import is three steps: read the file into rows
(app.spreadsheets), map columns to fields (detected, confirmable), check every row;
it is committed only when no row has an error, all or nothing. Products are matched
by OCOP certificate number, else by organization + name, so importing the same file
again creates nothing new.
"""
from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz

from app import addresses
from app.audit import record_change
from app.documents.storage import upload_root
from app.extensions import db
from app.models import ImportBatch, Organization, OrganizationKind, Product, ProductGroup, User
from app.organizations import services as organization_services
from app.products import services
from app.spreadsheets import (
    MAX_ROWS,
    ImportRejected,
    Table,
    cell_text,
    header_candidates,
    join_split_headers,
    match_key,
    parse_date,
    unescape_cell,
)
from app.text import fold

logger = logging.getLogger(__name__)

MAX_CELL_CHARS = 500


# --- Fields and the header wordings that name them -----------------------------------------

FIELDS = {
    "name": _l("Product name"),
    "organization": _l("Organization"),
    "tax_code": _l("Tax code"),
    "group": _l("OCOP product group"),
    "stars": _l("Star rating"),
    "ward": _l("Ward or commune"),
    "certificate_number": _l("OCOP certificate number"),
    "decision_number": _l("Recognition decision number (shown, not stored)"),
    "address": _l("Address (the ward is read from it)"),
    "issued_on": _l("Certificate issued on"),
    "expires_on": _l("Certificate expires on"),
    "year": _l("Year recognised"),
}
#: header wordings (as spreadsheets.match_key folds them) -> field; exact matches first,
#: then "contains" in this order
HEADER_ALIASES = (
    ("name", ("ten san pham", "san pham", "ten sp", "ten san pham ocop", "san pham ocop", "ten hang hoa")),
    ("organization", ("chu the", "ten chu the", "chu the san xuat", "don vi", "ten don vi", "co so san xuat",
                      "co so", "ten co so", "chu the ocop", "doanh nghiep htx", "to chuc")),
    ("tax_code", ("ma so thue", "mst", "ma so doanh nghiep")),
    ("group", ("nhom san pham", "nhom", "bo san pham", "phan nhom", "nganh hang", "nhom nganh")),
    ("stars", ("so sao", "hang sao", "xep hang", "sao", "ket qua xep hang", "ket qua danh gia", "hang")),
    ("ward", ("xa phuong", "phuong xa", "dia ban", "xa", "phuong", "dia chi xa phuong", "don vi hanh chinh",
              "xa phuong thi tran")),
    ("certificate_number", ("so giay chung nhan", "so gcn", "so chung nhan", "so giay chung nhan ocop",
                            "ma chung nhan", "giay chung nhan so", "gcn so")),
    # the decision recognising a batch of products: one number for many rows, never a certificate
    ("decision_number", ("so quyet dinh", "so qd", "qd cong nhan so", "quyet dinh cong nhan", "quyet dinh so",
                         "so qd cong nhan", "quyet dinh cong nhan so", "so quyet dinh cong nhan")),
    ("address", ("dia chi", "dia chi chu the", "dia chi co so", "dia chi san xuat", "dia chi tru so")),
    ("issued_on", ("ngay cap", "ngay cong nhan", "ngay quyet dinh", "ngay cap giay chung nhan", "ngay chung nhan")),
    ("expires_on", ("ngay het han", "het han", "hieu luc den", "thoi han", "han giay chung nhan")),
    ("year", ("nam cong nhan", "nam", "nam danh gia", "nam xep hang")),
)
#: columns of our own export that are derived, never imported
IGNORED_HEADERS = ("stt", "tinh trang shtt", "so van bang bao ho", "can ho tro shtt", "ghi chu")

GROUP_ALIASES = {
    ProductGroup.FOOD: ("thuc pham", "food", "nong san", "thuc pham tuoi song"),
    ProductGroup.DRINKS: ("do uong", "drinks", "ruou", "nuoc giai khat"),
    ProductGroup.HERBAL: ("duoc lieu", "thao duoc", "herbal", "duoc lieu va san pham tu duoc lieu"),
    ProductGroup.HANDICRAFT: ("thu cong my nghe", "thu cong", "handicraft", "hang thu cong my nghe"),
    ProductGroup.ORNAMENTAL: ("sinh vat canh", "hoa, cay canh", "cay canh", "ornamental"),
    ProductGroup.TOURISM: ("du lich", "dich vu du lich", "tourism", "dich vu du lich cong dong"),
}

_PUNCT = re.compile(r"[\s:.*()\-_]+")


def _value_key(text) -> str:
    """A value (name, group, ward) for comparison: folded, single-spaced, without stray punctuation.

    Unlike headers, "/" and "," still count here: organization and product names already
    in the database are matched exactly as before, "A/B" not being "A B".
    """
    return _PUNCT.sub(" ", fold(str(text or ""))).strip()


#: the lowest score at which a header is taken to name a field
MIN_HEADER_SCORE = 60


@lru_cache(maxsize=1024)
def match_header(key: str) -> tuple[str | None, int]:
    """(the field a folded header names, how sure: 0–100), (None, 0) for an empty, derived or unknown header.

    Every field's wordings are scored and the best wins: a wording equal to the header
    scores 100 (the exact concept), one it contains as whole words 60–90 (more the more of
    the header it covers: "Nhóm sản phẩm OCOP" is a group, not a name), a near spelling
    (rapidfuzz ratio ≥ 88: a typo) up to 80. So "Số QĐ công nhận" is the decision and
    "Số GCN" the certificate, whichever column comes first.
    """
    if not key or any(key.startswith(ignored) for ignored in IGNORED_HEADERS):
        return None, 0
    score, _order, name = max((_alias_score(key, alias), -order, name)
                              for order, (name, aliases) in enumerate(HEADER_ALIASES) for alias in aliases)
    return (name, score) if score >= MIN_HEADER_SCORE else (None, 0)


def _alias_score(key: str, alias: str) -> int:
    if key == alias:
        return 100
    if len(alias) > 3 and f" {alias} " in f" {key} ":
        return 60 + round(30 * len(alias) / len(key))
    ratio = fuzz.ratio(key, alias)
    return round(ratio * 0.8) if ratio >= 88 else 0


def field_for_header(key: str) -> str | None:
    """The field a folded header names, or None (empty, one of our export's derived columns, unknown)."""
    return match_header(key)[0]


def header_score(key: str) -> int:
    """How sure the match of a folded header to its field is (0–100)."""
    return match_header(key)[1]


#: the name of an uploaded list waiting for its confirmation: its SHA-256
_HASH = re.compile(r"^[0-9a-f]{64}$")


def pending_path(file_sha256: str) -> Path | None:
    """Where an uploaded list waits between preview and commit (named by its hash, under UPLOAD_DIR);
    None for a name that is not a hash."""
    if not _HASH.match(file_sha256 or ""):
        return None
    return upload_root() / "imports" / f"{file_sha256}.bin"


def file_hash(data: bytes) -> str:
    """The upload's identity: names the file waiting between preview and commit, and is kept on the batch."""
    return hashlib.sha256(data).hexdigest()


# --- Finding the header and mapping columns ------------------------------------------------

@dataclass
class Layout:
    header_row: int  # index of the (last) header row
    headers: list[str]
    mapping: dict[int, str]  # column index -> field
    scores: dict[int, int] = field(default_factory=dict)  # column index -> how sure its detected field is


def detect_layout(table: Table) -> Layout:
    """The header row (the one naming most known fields among the first rows) and its mapping.

    A header split over two rows (a merged group title above sub-titles) is read
    as the two rows joined, so "Ngày" over "Cấp" still maps.
    """
    candidates = [(row, mapping) for row, mapping in header_candidates(table.rows, field_for_header,
                                                                       score=header_score)
                  if "name" in mapping.values()]
    best = max(candidates, key=lambda candidate: len(candidate[1]), default=None)  # the first of equals
    if best is None or len(best[1]) < 2:
        raise ImportRejected(_l("No header row was found. The list needs at least a column for the product "
                                "name (e.g. \"Tên sản phẩm\") and one for the organization (\"Chủ thể\")."))
    header_row, mapping = best
    headers, mapping = join_split_headers(table.rows, header_row, mapping, field_for_header)
    return Layout(header_row, headers, mapping, {c: header_score(match_key(headers[c])) for c in mapping})


# --- Checking rows -------------------------------------------------------------------------

@dataclass
class RowResult:
    line: int  # the row number as the user sees it in the spreadsheet (1-based)
    values: dict
    errors: list[str] = field(default_factory=list)
    action: str = ""  # create / update / unchanged
    product: Product | None = None
    organization: Organization | None = None
    new_organization: bool = False
    ward: addresses.WardMatch = field(default_factory=addresses.WardMatch)
    excluded: bool = False  # left out of the import by the user


@dataclass
class SkippedRow:
    """A row that is not a product (a group heading, a sub-total, the footer), shown as skipped."""

    line: int
    text: str
    reason: str  # heading / subtotal / footer


@dataclass
class Fixes:
    """What the user changed in the preview: rows left out, wards picked (by row number)."""

    excluded: set[int] = field(default_factory=set)
    wards: dict[int, int] = field(default_factory=dict)


@dataclass
class Preview:
    layout: Layout
    rows: list[RowResult]
    file_sha256: str
    filename: str
    skipped: list[SkippedRow] = field(default_factory=list)
    blank_rows: int = 0

    @property
    def kept(self) -> list[RowResult]:
        """The rows to import: every product row the user did not exclude."""
        return [row for row in self.rows if not row.excluded]

    @property
    def errors(self) -> int:
        """How many rows to import have errors."""
        return sum(1 for row in self.kept if row.errors)

    @property
    def ok(self) -> bool:
        """Whether the file can be imported: rows kept, none with an error (all or nothing)."""
        return bool(self.kept) and not self.errors

    def count(self, action: str) -> int:
        """How many rows would be created, updated or left unchanged (`action`)."""
        return sum(1 for row in self.kept if row.action == action)


_STARS = re.compile(r"^\s*(\d+)\s*(?:sao|\*|★+|stars?)?\s*$", re.IGNORECASE)


def parse_stars(value) -> int | None:
    """A star rating from a number, "4 sao", "4*" or "★★★★"; None if empty or not understood."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text and set(text) <= {"★", "⭐"}:
        return len(text)
    match = _STARS.match(text)
    return int(match.group(1)) if match else None


def parse_group(value) -> ProductGroup | None:
    """The OCOP group a cell names (its Vietnamese title, a usual wording or the code); None if none."""
    key = _value_key(value)
    if not key:
        return None
    with force_locale("vi"):
        titles = {_value_key(g.title): g for g in ProductGroup}
    if key in titles:
        return titles[key]
    for group, aliases in GROUP_ALIASES.items():
        if key in aliases or key == group.value:
            return group
    for group, aliases in GROUP_ALIASES.items():
        if any(alias in key for alias in aliases if len(alias) > 4):
            return group
    return None


def _guess_kind(name: str) -> OrganizationKind:
    """A new organization's kind, from how its name starts (HTX, Tổ hợp tác, Hộ kinh doanh…); else an enterprise."""
    key = _value_key(name)
    for prefix, kind in (("hop tac xa", OrganizationKind.COOPERATIVE), ("htx", OrganizationKind.COOPERATIVE),
                         ("to hop tac", OrganizationKind.COOPERATIVE_GROUP), ("tht", OrganizationKind.COOPERATIVE_GROUP),
                         ("ho kinh doanh", OrganizationKind.HOUSEHOLD_BUSINESS), ("hkd", OrganizationKind.HOUSEHOLD_BUSINESS),
                         ("co so", OrganizationKind.HOUSEHOLD_BUSINESS), ("hiep hoi", OrganizationKind.ASSOCIATION),
                         ("hoi ", OrganizationKind.ASSOCIATION)):
        if key.startswith(prefix):
            return kind
    return OrganizationKind.ENTERPRISE


def build_preview(table: Table, filename: str, file_sha256: str, mapping: dict[int, str] | None = None,
                  fixes: Fixes | None = None) -> Preview:
    """Check every row against the mapping (detected unless given), the user's fixes and the
    database; change nothing. Rows that are not products are set aside as skipped."""
    layout = _layout_for(table, mapping)
    fixes = fixes or Fixes()
    first = layout.header_row + 1
    rows = table.rows[first:]
    lookups = Lookups.load()
    preview = Preview(layout, [], file_sha256, filename)
    in_footer = False
    heading_group = None  # "I. Nhóm thực phẩm" above a list's rows gives their group
    for index, row in enumerate(rows, start=first):
        texts = _row_texts(row)
        if not texts:
            preview.blank_rows += 1
            continue
        reason = _skip_reason(texts, in_footer)
        if reason:
            in_footer = reason == "footer"
            heading_group = parse_group(texts[0]) if reason == "heading" else heading_group
            preview.skipped.append(SkippedRow(index + 1, " · ".join(texts)[:120], reason))
        elif index + 1 in fixes.excluded:
            preview.rows.append(RowResult(line=index + 1, values=_shown_values(row, layout), excluded=True))
        else:
            preview.rows.append(check_row(row, index, layout, table.formulas, lookups,
                                          RowContext(fixes.wards.get(index + 1), heading_group)))
    if not preview.rows:
        raise ImportRejected(_l("The file has a header but no product rows."))
    if len(preview.rows) > MAX_ROWS:
        raise ImportRejected(_l("The file has more than %(n)d rows.", n=MAX_ROWS))
    return preview


#: what a sub-total, the footer or a signature block starts with, folded
_SUBTOTAL = re.compile(r"^(cong|tong|tong so|so luong)( nhom| cong)?\b")
_FOOTER = re.compile(r"^(tong cong|nguoi lap|lap bieu|thu truong|giam doc|pho giam doc|kt |tm |noi nhan|"
                     r"xac nhan|chu tich|truong phong|ghi chu)\b|ngay \d{1,2} thang \d{1,2} nam \d{4}")


def _row_texts(row: list) -> list[str]:
    """The distinct texts of a row, numbers alone (an STT, a count) left out."""
    texts = [cell_text(value) for value in row if not isinstance(value, (date, datetime))]
    return list(dict.fromkeys(text for text in texts if text and not text.replace(".", "").isdigit()))


def _skip_reason(texts: list[str], in_footer: bool) -> str | None:
    """Why a row is not a product, or None: the footer ("Tổng cộng: 12 sản phẩm", "Người lập
    biểu", a date line, signatures: everything from there on), a sub-total, or a heading such
    as "I. Nhóm thực phẩm" (one text, often merged across the row)."""
    keys = [_value_key(text) for text in texts]
    if in_footer or any(_FOOTER.search(key) for key in keys):
        return "footer"
    if len(keys) == 1:
        return "subtotal" if _SUBTOTAL.match(keys[0]) else "heading"
    return None


def _shown_values(row: list, layout: Layout) -> dict:
    """An excluded row's name and organization, shown so the user knows which row it is."""
    texts = {name: cell_text(row[c]) if c < len(row) else "" for c, name in layout.mapping.items()}
    return {"name": texts.get("name", ""), "organization": texts.get("organization", "")}


def _layout_for(table: Table, mapping: dict[int, str] | None) -> Layout:
    """The detected layout, with the user's corrected mapping if there is one; both names must be mapped."""
    layout = detect_layout(table)
    if mapping is not None:
        layout.mapping = {c: f for c, f in mapping.items() if f in FIELDS}
    if "name" not in layout.mapping.values() or "organization" not in layout.mapping.values():
        raise ImportRejected(_l("Map one column to the product name and one to the organization."))
    return layout


@dataclass
class Lookups:
    """What rows are matched against: the province's wards, the organizations and certified
    products already in the database, and the earlier rows of the file (to catch repeats)."""

    province_code: int
    organizations_by_tax_code: dict[str, Organization]
    organizations_by_name: dict[str, Organization]
    products_by_certificate: dict[str, Product]
    new_organizations: set[str] = field(default_factory=set)  # keys of names created on commit
    certificate_lines: dict[str, int] = field(default_factory=dict)
    product_lines: dict[tuple, int] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Lookups:
        """Everything a preview matches against, read once rather than per row."""
        organizations = list(db.session.scalars(sa.select(Organization)))
        return cls(
            province_code=services.province_code(),
            organizations_by_tax_code={o.tax_code: o for o in organizations if o.tax_code},
            organizations_by_name={_value_key(o.name): o for o in organizations},
            products_by_certificate={p.certificate_number: p for p in db.session.scalars(
                sa.select(Product).where(Product.certificate_number.is_not(None)))},
        )

    def organization_for(self, values: dict, errors: list[str]) -> tuple[Organization | None, bool]:
        """(the existing organization the row names, whether the row is the first to name a new one)."""
        tax_code, name = values["tax_code"], values["organization"]
        organization = (self.organizations_by_tax_code.get(tax_code) if tax_code else None) \
            or self.organizations_by_name.get(_value_key(name))
        if organization is not None or not name:
            return organization, False
        key = _value_key(name)
        if key in self.new_organizations:
            return None, False
        if values["ward"] is None:
            errors.append(_("New organization \"%(name)s\": its ward or commune is needed.", name=name[:80]))
        self.new_organizations.add(key)  # created on commit
        return None, True

    def product_for(self, values: dict, organization: Organization | None, errors: list[str]) -> Product | None:
        """The product the row updates: by certificate number, else by the organization's product of that name."""
        certificate, name = values["certificate_number"], values["name"]
        product = None
        if certificate:
            product = self.products_by_certificate.get(certificate)
            if product is not None and organization is not None and product.organization_id != organization.id:
                errors.append(_("Certificate number %(number)s belongs to a product of another organization.",
                                     number=certificate))
        if product is None and organization is not None and name:
            product = next((p for p in organization.products if _value_key(p.name) == _value_key(name)), None)
            if product is not None and certificate and product.certificate_number not in (None, certificate):
                product = None  # same name, another certificate: a different product
        return product

    def note_certificate(self, certificate: str | None, line: int, errors: list[str]) -> None:
        """Remember the row's certificate number; an error if an earlier row has it too."""
        if not certificate:
            return
        if certificate in self.certificate_lines:
            errors.append(_("Certificate number %(number)s is also on row %(line)d.",
                                 number=certificate, line=self.certificate_lines[certificate]))
        self.certificate_lines.setdefault(certificate, line)

    def note_product(self, values: dict, line: int, errors: list[str]) -> None:
        """Remember the row's organization + product name; without a certificate number to tell
        them apart, an error if an earlier row has the same."""
        key = (_value_key(values["organization"]) or values["tax_code"], _value_key(values["name"]))
        if not values["certificate_number"] and key in self.product_lines:
            errors.append(_("The same product is also on row %(line)d.", line=self.product_lines[key]))
        self.product_lines.setdefault(key, line)


@dataclass
class RowContext:
    """What a row gets from around it: the ward the user picked for it, the group of the heading above it."""

    picked_ward: int | None = None
    heading_group: ProductGroup | None = None


def check_row(row: list, index: int, layout: Layout, formulas: set[tuple[int, int]],
              lookups: Lookups, context: RowContext | None = None) -> RowResult:
    """One product row (`index` counts from the sheet's top): its values, errors and what
    importing it would do. Notes the row in `lookups` so later repeats are caught."""
    context = context or RowContext()
    raw = {name: (row[c] if c < len(row) else None) for c, name in layout.mapping.items()}
    texts = {name: unescape_cell(cell_text(v)) for name, v in raw.items() if not isinstance(v, (date, datetime))}
    result = RowResult(line=index + 1, values={})
    values, errors = result.values, result.errors
    _check_cells(row, index, layout.mapping, formulas, errors)
    values.update(name=texts.get("name", ""), organization=texts.get("organization", ""),
                  tax_code=texts.get("tax_code", "") or None)
    _check_names_given(values, errors)
    values["stars"] = _stars(raw.get("stars"), errors)
    values["group"] = context.heading_group if context.heading_group and not texts.get("group") \
        else _group(texts.get("group", ""), errors)
    result.ward = _ward(texts.get("ward") or texts.get("address", ""), lookups.province_code, context.picked_ward,
                        errors)
    values["ward"] = result.ward.code
    values["decision_number"] = texts.get("decision_number", "")
    values["certificate_number"] = _certificate(texts.get("certificate_number", ""), errors)
    for key in ("issued_on", "expires_on"):
        values[key] = _date(key, raw.get(key), errors)
    lookups.note_certificate(values["certificate_number"], result.line, errors)
    if len(values["name"]) > 200 or len(values["organization"]) > 200:
        errors.append(_("A name is longer than 200 characters."))
    result.organization, result.new_organization = lookups.organization_for(values, errors)
    result.product = lookups.product_for(values, result.organization, errors)
    lookups.note_product(values, result.line, errors)
    if not errors:
        result.action = _action(result.product, values)
    return result


def _check_cells(row: list, index: int, mapping: dict[int, str], formulas: set[tuple[int, int]],
                 errors: list[str]) -> None:
    """Refuse formulas in the mapped columns (their cached result may be stale) and any oversized cell."""
    for c, name in mapping.items():
        if (index, c) in formulas:
            errors.append(_("%(field)s: formulas are not accepted; paste the values instead.",
                                 field=FIELDS[name]))
    if any(isinstance(value, str) and len(value) > MAX_CELL_CHARS for value in row):
        errors.append(_("A cell has more than %(n)d characters.", n=MAX_CELL_CHARS))


def _check_names_given(values: dict, errors: list[str]) -> None:
    """A product name, and an organization named or identified by its tax code."""
    if not values["name"]:
        errors.append(_("The product name is missing."))
    if not values["organization"] and not values["tax_code"]:
        errors.append(_("The organization is missing."))


def _stars(value, errors: list[str]) -> int | None:
    """The star rating, which OCOP gives as 3, 4 or 5."""
    stars = parse_stars(value)
    if stars is None:
        errors.append(_("Star rating \"%(value)s\" is not understood (write 3, 4 or 5).",
                             value=cell_text(value)[:40]))
    elif not 3 <= stars <= 5:
        errors.append(_("Star rating %(n)d is outside 3–5.", n=stars))
    return stars


def _group(text: str, errors: list[str]) -> ProductGroup | None:
    """One of the six OCOP product groups."""
    group = parse_group(text)
    if group is None:
        errors.append(_("Product group \"%(value)s\" is not one of the six OCOP groups.", value=text[:60]))
    return group


def _ward(text: str, province_code: int, picked: int | None, errors: list[str]) -> addresses.WardMatch:
    """The ward the cell (or the address) names, a former unit mapped to today's ward, or the
    one the user picked; an error if the text names none, or several (a split former unit)."""
    if picked and addresses.ward_province(picked) == province_code:
        return addresses.WardMatch(code=picked)
    match = addresses.find_ward(text, province_code) if text else addresses.WardMatch()
    if match.candidates:
        errors.append(_("\"%(value)s\" was a former unit now divided between several wards: pick the ward.",
                        value=text[:60]))
    elif text and match.code is None:
        errors.append(_("Unknown ward or commune \"%(value)s\".", value=text[:60]))
    return match


def _certificate(text: str, errors: list[str]) -> str | None:
    """The OCOP certificate number, None if not given."""
    if text and len(text) > 60:
        errors.append(_("The certificate number is too long."))
    return text or None


def _date(key: str, value, errors: list[str]) -> date | None:
    """The date in the `key` column, None if not given."""
    parsed = parse_date(value)
    if parsed is None:
        errors.append(_("%(field)s: \"%(value)s\" is not a date (write dd/mm/yyyy).",
                             field=FIELDS[key], value=cell_text(value)[:40]))
    return parsed or None


def _values_for(values: dict) -> dict:
    """A checked row's values as the product's fields (a missing expiry is the certificate's usual term)."""
    return {
        "name": values["name"],
        "group": values["group"],
        "stars": values["stars"],
        "certificate_number": values["certificate_number"],
        "certificate_issued_on": values["issued_on"],
        "certificate_expires_on": values["expires_on"] or services.default_expiry(values["issued_on"]),
        **({"ward_code": values["ward"]} if values["ward"] else {}),
    }


def _action(product: Product | None, values: dict) -> str:
    """What importing the row does: create a product, update one, or leave it unchanged."""
    if product is None:
        return "create"
    wanted = _values_for(values)
    changed = any(getattr(product, key) != value for key, value in wanted.items())
    return "update" if changed else "unchanged"


def outcome(batch: ImportBatch) -> str:
    """What an import did, for the person who confirmed it."""
    return _("Import done: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.",
             created=batch.created_count, updated=batch.updated_count, unchanged=batch.unchanged_count)


def commit_preview(preview: Preview, actor: User) -> ImportBatch:
    """Apply a preview without errors (the caller commits); every change goes to the audit trail."""
    if not preview.ok:
        raise ImportRejected(_l("Nothing was imported: correct the rows with errors first."))
    created_orgs: dict[str, Organization] = {}
    counts = {"create": 0, "update": 0, "unchanged": 0}
    for row in preview.kept:
        organization = row.organization
        if organization is None:
            key = _value_key(row.values["organization"])
            organization = created_orgs.get(key)
            if organization is None:
                organization = organization_services.register_organization(
                    name=row.values["organization"], kind=_guess_kind(row.values["organization"]),
                    tax_code=row.values["tax_code"], address_line="", province_code=services.province_code(),
                    ward_code=row.values["ward"], legal_representative="",
                )
                record_change(organization, "create", actor)
                created_orgs[key] = organization
        values = _values_for(row.values)
        if row.product is None:
            values.setdefault("ward_code", organization.ward_code)
            services.create_product(actor, organization_id=organization.id, **values)
            counts["create"] += 1
        elif services.update_product(row.product, actor, **values):
            counts["update"] += 1
        else:
            counts["unchanged"] += 1
    batch = ImportBatch(user_id=actor.id, filename=preview.filename[:255], file_sha256=preview.file_sha256,
                        rows_total=len(preview.kept), created_count=counts["create"], updated_count=counts["update"],
                        unchanged_count=counts["unchanged"], organizations_created=len(created_orgs))
    db.session.add(batch)
    db.session.flush()
    logger.info("import %s by user %s: %s (%d rows: %d new, %d changed, %d unchanged; %d organizations new)",
                batch.id, actor.id, batch.filename, batch.rows_total, batch.created_count, batch.updated_count,
                batch.unchanged_count, batch.organizations_created)
    return batch
