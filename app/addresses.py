"""Vietnamese provinces and wards (two tiers since 1 Jul 2025), from `vietnam-provinces`, and the
units merged away on 1 Jul 2025 (app/data/former_units.csv) so that older lists still read."""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from vietnam_provinces import Province, Ward

from app.text import fold, nfc, sort_key

_SPACES = re.compile(r"\s+")


def _clean(name: str) -> str:
    # The package's data has a few names with doubled spaces ("Xã  Phú Hữu").
    return _SPACES.sub(" ", name).strip()


@lru_cache(maxsize=1)
def provinces() -> tuple[tuple[int, str], ...]:
    """(code, name) of the 34 provincial units, sorted by name."""
    return tuple(
        sorted(((int(p.code), _clean(p.name)) for p in Province.iter_all()), key=lambda item: sort_key(item[1]))
    )


@lru_cache(maxsize=1)
def _wards_by_province() -> dict[int, tuple[tuple[int, str], ...]]:
    grouped: dict[int, list[tuple[int, str]]] = {}
    for ward in Ward.iter_all():
        grouped.setdefault(int(ward.province_code), []).append((int(ward.code), _clean(ward.name)))
    return {code: tuple(sorted(items, key=lambda item: sort_key(item[1]))) for code, items in grouped.items()}


@lru_cache(maxsize=1)
def _ward_index() -> dict[int, tuple[str, int]]:
    return {
        code: (name, province)
        for province, wards in _wards_by_province().items()
        for code, name in wards
    }


def wards(province_code: int) -> tuple[tuple[int, str], ...]:
    """(code, name) of the wards and communes of a province, sorted by name."""
    return _wards_by_province().get(province_code, ())


def province_name(code: int | None) -> str:
    return dict(provinces()).get(code or -1, "")


def ward_name(code: int | None) -> str:
    entry = _ward_index().get(code or -1)
    return entry[0] if entry else ""


def ward_province(code: int) -> int | None:
    """The province a ward belongs to, or None for an unknown code."""
    entry = _ward_index().get(code)
    return entry[1] if entry else None


def full_address(line: str, ward_code: int | None, province_code: int | None) -> str:
    """'line, ward, province', skipping empty parts."""
    parts = [line.strip() if line else "", ward_name(ward_code), province_name(province_code)]
    return ", ".join(part for part in parts if part)


def ward_code_by_name(province_code: int, name: str) -> int:
    """The code of a ward named exactly `name` in a province (KeyError if none)."""
    for code, ward in wards(province_code):
        if ward == name:
            return code
    raise KeyError(name)


# --- Reading a ward out of free text, former units included -----------------------------------

_DATA = Path(__file__).resolve().parent / "data"
#: abbreviations and words of an address part's level, folded, longest first
_LEVELS = (
    ("thi tran ", "ward"), ("thanh pho ", "district"), ("thi xa ", "district"), ("phuong ", "ward"),
    ("huyen ", "district"), ("quan ", "district"), ("tinh ", "province"), ("xa ", "ward"),
    ("tt ", "ward"), ("tp ", "district"), ("tx ", "district"), ("p ", "ward"), ("x ", "ward"),
    ("h ", "district"), ("q ", "district"),
)
_WARD_KINDS = {"thi tran": "thi tran ", "tt": "thi tran ", "phuong": "phuong ", "p": "phuong ", "xa": "xa ",
               "x": "xa "}
_PART_SEPARATORS = re.compile(r"[,;\n]+| - ")


@dataclass(frozen=True)
class FormerUnit:
    """A commune, ward or town as it was before 1 Jul 2025, and the current units it went into."""

    name: str
    district: str
    province: str
    ward_codes: tuple[int, ...]  # several when the unit was split


@dataclass(frozen=True)
class WardMatch:
    """What an address says about the ward: its code, the former unit it named, or the candidates."""

    code: int | None = None
    former: FormerUnit | None = None
    candidates: tuple[int, ...] = ()  # when the text fits several wards (a split or ambiguous former unit)


def _key(text: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())


def _part_level(part: str) -> tuple[str, str, str]:
    """(level, kind prefix, name) of one comma-separated part of an address, folded:
    "P. Vị Tân" -> ("ward", "phuong ", "vi tan"); a part without a prefix is taken for a ward name."""
    key = _key(part)
    for prefix, level in _LEVELS:
        if key.startswith(prefix) and len(key) > len(prefix):
            return level, _WARD_KINDS.get(prefix.strip(), ""), key[len(prefix):]
    return "ward", "", key


@lru_cache(maxsize=1)
def _former_units() -> tuple[FormerUnit, ...]:
    """Every former unit with the current units it went into (app/data/former_units.csv)."""
    grouped: dict[tuple[str, str, str], list[int]] = {}
    with open(_DATA / "former_units.csv", encoding="utf-8", newline="") as source:
        for row in csv.DictReader(line for line in source if not line.startswith("#")):
            key = (row["former_province"], row["former_district"], row["former_unit"])
            grouped.setdefault(key, []).append(int(row["ward_code"]))
    return tuple(FormerUnit(name, district, province, tuple(codes))
                 for (province, district, name), codes in grouped.items())


@lru_cache(maxsize=8)
def _lookups(province_code: int) -> tuple[dict[str, int], dict[str, tuple[FormerUnit, ...]]]:
    """(current wards by folded name, with and without their kind; former units of the
    province's area by folded name without kind) for one province."""
    current: dict[str, int] = {}
    for code, name in wards(province_code):
        key = _key(name)
        current[key] = code
        for kind in ("xa ", "phuong ", "thi tran ", "dac khu "):
            if key.startswith(kind):
                current.setdefault(key[len(kind):], code)
    former: dict[str, list[FormerUnit]] = {}
    for unit in _former_units():
        if ward_province(unit.ward_codes[0]) == province_code:
            former.setdefault(_part_level(unit.name)[2], []).append(unit)
    return current, {name: tuple(units) for name, units in former.items()}


def former_sources() -> dict[int, str]:
    """Province code -> the merger resolution its former units come from, "(chưa xác nhận)" when
    the number was not checked against the official text."""
    with open(_DATA / "former_units_sources.csv", encoding="utf-8", newline="") as source:
        rows = csv.DictReader(line for line in source if not line.startswith("#"))
        return {int(row["province_code"]): row["resolution"] + ("" if row["confirmed"] == "yes"
                                                                 else " (chưa xác nhận)") for row in rows}


def find_ward(text: str, province_code: int) -> WardMatch:
    """The ward a ward cell or a whole address names ("Ấp Thạnh Lợi, P. Vị Tân, TP. Vị Thanh,
    Hậu Giang"), accents optional, abbreviations understood. A unit merged away on 1 Jul 2025
    gives the current ward it went into, with the former unit; a former district in the
    address tells apart former units of the same name; an empty WardMatch if nothing fits."""
    parts = [_part_level(part) for part in _PART_SEPARATORS.split(text or "") if _key(part)]
    districts = {name for level, _, name in parts if level == "district"}
    current, former = _lookups(province_code)
    # a named district means the address predates the reform: its units are former ones first
    for kind_first in ((True, False) if districts else (False, True)):
        for level, kind, name in reversed(parts):
            if level != "ward":
                continue
            match = _former_match(former.get(name, ()), kind, districts) if kind_first else \
                _current_match(current, kind, name)
            if match.code or match.candidates:
                return match
    return WardMatch()


def _current_match(current: dict[str, int], kind: str, name: str) -> WardMatch:
    code = current.get(kind + name) or current.get(name)
    return WardMatch(code=code) if code else WardMatch()


def _former_match(units: tuple[FormerUnit, ...], kind: str, districts: set[str]) -> WardMatch:
    """The current ward of the one former unit that fits the kind and district, else the candidates."""
    if kind:
        units = tuple(u for u in units if _part_level(u.name)[1] == kind) or units
    if districts:
        units = tuple(u for u in units if _part_level(u.district)[2] in districts) or units
    codes = tuple(dict.fromkeys(code for unit in units for code in unit.ward_codes))
    if len(codes) == 1:
        return WardMatch(code=codes[0], former=units[0])
    return WardMatch(former=units[0] if len(units) == 1 else None, candidates=codes)


# --- Place names in a mark's wording ----------------------------------------------------------

#: the words that name a unit's level ("Xã Phong Điền" is the place "Phong Điền"), lower-case
_UNIT_WORDS = re.compile(r"^(?:tỉnh|thành phố|thị xã|thị trấn|huyện|quận|phường|xã|đặc khu)\s+")
_WORDS = re.compile(r"\w+")
#: a tone mark written on the second vowel of oa/oe/uy ("Hoà") or on the first ("Hòa"): both spellings
#: are in use, and in the package's own names, so both sides are compared with it moved to the first
_TONE_ON_SECOND = re.compile("([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])")
#: the longest place name in words ("Hồ Chí Minh", "Phú Quốc"…), to bound the search
_LONGEST_NAME = 5


def _place_key(words: list[str]) -> str:
    decomposed = unicodedata.normalize("NFD", " ".join(words).casefold())
    return unicodedata.normalize("NFC", _TONE_ON_SECOND.sub(r"\1\3\2", decomposed))


@lru_cache(maxsize=1)
def _place_name_keys() -> frozenset[str]:
    """Every province, ward and commune name, current or merged away on 1 Jul 2025 (former districts and
    provinces included: each former unit's row names them), without its level word. One-word names
    ("Phường 1", "Xã Ba") are left out: alone they are numbers or everyday words, not a place."""
    names = [name for _, name in provinces()]
    names += [name for wards_of in _wards_by_province().values() for _, name in wards_of]
    names += [name for unit in _former_units() for name in (unit.name, unit.district, unit.province)]
    keys = set()
    for name in names:
        words = _WORDS.findall(_UNIT_WORDS.sub("", nfc(name).casefold()))
        if len(words) >= 2:
            keys.add(_place_key(words))
    return frozenset(keys)


def place_names_in(text: str) -> list[str]:
    """The place names a text contains, as written in it ("GẠO PHONG ĐIỀN" -> ["PHONG ĐIỀN"]), longest
    first where names overlap; accents are needed (an unaccented "PHONG DIEN" is not read as one)."""
    words = _WORDS.findall(nfc(text or ""))
    keys, found, used = _place_name_keys(), [], set()
    for size in range(min(_LONGEST_NAME, len(words)), 1, -1):
        for start in range(len(words) - size + 1):
            span = set(range(start, start + size))
            if not span & used and _place_key(words[start:start + size]) in keys:
                used |= span
                found.append((start, " ".join(words[start:start + size])))
    return list(dict.fromkeys(name for _, name in sorted(found)))


def place_keys_in(text: str) -> set[str]:
    """The place names of a text in a comparable form: "xã Phong Điền" and "PHONG ĐIỀN" give the same."""
    return {_place_key(_WORDS.findall(name)) for name in place_names_in(text)}
