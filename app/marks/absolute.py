"""Absolute grounds: what is wrong with the sign itself, whoever filed before.

Generic and descriptive words for the chosen goods (the Nice terms of those classes, the OCOP groups
and app/data/mark_descriptive_words.csv), place names (app/addresses.py place_names_in: current and
former units), country names, protected geographical indications (table protected_indications) and
national names and symbols (app/data/mark_national_signs.csv).
"""
from __future__ import annotations

import re
from functools import lru_cache

import sqlalchemy as sa
from flask_babel import gettext as _

from app.addresses import place_names_in
from app.extensions import db
from app.marks.data import rows, setting
from app.marks.findings import Finding
from app.marks.normalize import folded, without, words
from app.marks.scoring import HIGH, LOW, MEDIUM, goods_score
from app.models import NiceTerm, ProtectedIndication

_BRACKETS = re.compile(r"\([^)]*\)")


@lru_cache(maxsize=1)
def _descriptive() -> dict[str, str]:
    """{folded word: kind} of app/data/mark_descriptive_words.csv."""
    return {folded(row["word"]): row["kind"] for row in rows("mark_descriptive_words")}


@lru_cache(maxsize=1)
def _phrases(name: str, column: str) -> tuple[tuple[str, str], ...]:
    """(folded, as written) of a word list in app/data."""
    return tuple((folded(row[column]), row[column]) for row in rows(name))


def generic_words(classes: list[int]) -> frozenset[str]:
    """Folded words that name or describe goods: the descriptive list and the Nice terms of the classes."""
    terms = db.session.scalars(sa.select(NiceTerm.term_vi).where(NiceTerm.active, NiceTerm.nice_class.in_(classes)))
    return frozenset(_descriptive()) | {folded(_BRACKETS.sub("", term)) for term in terms}


def contains(text_folded: str, phrase: str) -> bool:
    """The folded phrase is in the folded text as whole words."""
    return bool(phrase) and f" {phrase} " in f" {text_folded} "


def absolute_findings(text: str, classes: list[int]) -> list[Finding]:
    """Every absolute-ground finding of a sign for the classes."""
    text_folded = folded(text)
    found = _national(text_folded) + _indications(text_folded, classes)
    named = {folded(f.term) for f in found}
    found += _places(text, named) + _countries(text_folded, named)
    found += _descriptive_findings(text, classes, {folded(f.term) for f in found})
    return found


def _national(text_folded: str) -> list[Finding]:
    return [Finding("national", term, HIGH, _("The sign contains “%(term)s”, a national name or symbol, "
                                              "which cannot be part of a mark.", term=term),
                    _("Remove it from the sign."), "national")
            for phrase, term in _phrases("mark_national_signs", "term") if contains(text_folded, phrase)]


def _indications(text_folded: str, classes: list[int]) -> list[Finding]:
    found = []
    for gi in db.session.scalars(sa.select(ProtectedIndication).where(ProtectedIndication.active)):
        if not contains(text_folded, folded(gi.name)):
            continue
        goods = goods_score(classes, [gi.nice_class] if gi.nice_class else [])
        reason = _("“%(name)s” is a protected geographical indication for %(product)s (%(country)s, %(basis)s). "
                   "Only producers in that area who meet its conditions may use it.",
                   name=gi.name, product=gi.product, country=gi.country, basis=gi.basis)
        if not gi.confirmed:
            reason += " " + _("(This row of the list is not yet checked against the official register.)")
        found.append(Finding(
            "gi", gi.name, HIGH if goods >= setting("risk_medium") else MEDIUM, reason,
            _("Leave the indication out of the mark, or use it only as an authorised user of the indication."),
            "gi", classes=[gi.nice_class] if gi.nice_class else []))
    return found


def _places(text: str, named: set[str]) -> list[Finding]:
    return [Finding("place", place, MEDIUM,
                    _("“%(place)s” is a place name: alone it only says where the goods come from.", place=place),
                    _("Add a distinctive element (a name, a made-up word, a logo). A collective or certification "
                      "mark with a place name needs the provincial People's Committee's written permission."),
                    "place")
            for place in place_names_in(text) if folded(place) not in named]


def _countries(text_folded: str, named: set[str]) -> list[Finding]:
    return [Finding("country", name, MEDIUM,
                    _("“%(name)s” is a country name: it tells buyers where the goods come from, or misleads them.",
                      name=name),
                    _("Remove the country name unless the goods come from there, and add a distinctive element."),
                    "country")
            for phrase, name in _phrases("mark_countries", "name")
            if contains(text_folded, phrase) and phrase not in named]


def _descriptive_findings(text: str, classes: list[int], named: set[str]) -> list[Finding]:
    """Generic and descriptive words; the whole sign made of them (and of names found above) is
    not distinctive at all."""
    generic = generic_words(classes)
    text_words = words(text)
    dropped = [w for w in text_words if w not in without(text_words, generic)]
    found = []
    if dropped:
        term = " ".join(dropped)
        found.append(Finding("descriptive", term, LOW,
                             _("“%(term)s” names or praises the goods: it will not be protected on its own, and "
                               "anyone may still use it.", term=term),
                             _("Keep it if you wish, but make the rest of the sign distinctive."), "descriptive"))
    if text_words and not without(text_words, generic | named):
        found.append(Finding("not_distinctive", " ".join(text_words), HIGH,
                             _("The sign is made only of generic, descriptive or geographical words: it cannot "
                               "tell your goods from others'."),
                             _("Add a distinctive element: your own name, a made-up word or a logo."), "generic"))
    return found
