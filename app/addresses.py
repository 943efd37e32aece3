"""Vietnamese provinces and wards (two tiers since 1 Jul 2025), from `vietnam-provinces`."""
from __future__ import annotations

import re
from functools import lru_cache

from vietnam_provinces import Province, Ward

from app.text import sort_key

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
