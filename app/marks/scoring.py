"""Similarity of two signs by aspect (spelling, sound, image, goods) and the risk it makes.

Each aspect is 0-100; the sign's similarity is the highest weighted aspect (a sign that sounds the
same is confusing however it is spelled), and the goods scale it down when the classes are apart.
Thresholds and weights: app/data/mark_settings.csv; related classes: app/data/mark_related_classes.csv.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from app.marks.data import rows, setting
from app.marks.normalize import folded, folded_word, without, words
from app.marks.phonetics import syllable_key

HIGH, MEDIUM, LOW = "high", "medium", "low"


@dataclass(frozen=True)
class Scores:
    """How alike two marks are, by aspect (0-100; image None when either has no logo)."""

    spelling: int
    sound: int
    goods: int
    image: int | None = None

    @property
    def sign(self) -> float:
        """The sign's similarity: its closest aspect, weighted."""
        aspects = [self.spelling * setting("weight_spelling"), self.sound * setting("weight_sound")]
        if self.image is not None:
            aspects.append(self.image * setting("weight_image"))
        return max(aspects)

    @property
    def risk_score(self) -> int:
        """The sign's similarity scaled by how close the goods are."""
        return round(self.sign * self.goods / 100)

    @property
    def risk(self) -> str | None:
        """HIGH, MEDIUM, LOW, or None below the lowest threshold."""
        return risk_level(self.risk_score)

    def as_dict(self) -> dict[str, int | None]:
        """The aspects by name, for the JSON answer."""
        return {"spelling": self.spelling, "sound": self.sound, "image": self.image, "goods": self.goods}


def risk_level(score: float) -> str | None:
    """The risk level a score reaches."""
    for level, name in ((HIGH, "risk_high"), (MEDIUM, "risk_medium"), (LOW, "risk_low")):
        if score >= setting(name):
            return level
    return None


def _by_word(a: str, b: str) -> float:
    """Each word of the longer sign matched with its closest unmatched word of the other (a word left
    over scores 0), averaged: two signs sharing one common word ("Bình Minh", "Bình An") are not
    alike because their strings half match."""
    words_a, words_b = a.split(), b.split()
    if len(words_a) < 2 or len(words_b) < 2:
        return 100.0
    longer, left = (words_a, list(words_b)) if len(words_a) >= len(words_b) else (words_b, list(words_a))
    total = 0.0
    for word in sorted(longer, key=lambda w: -max(fuzz.ratio(w, o) for o in left)):
        if left:
            match = max(left, key=lambda o: fuzz.ratio(word, o))
            total += fuzz.ratio(word, match)
            left.remove(match)
    return total / len(longer)


def _compare(a: str, b: str) -> float:
    """The best of: the whole strings, the same words in any order or spacing (each capped by the
    word-by-word match), one inside the other."""
    if not a or not b:
        return 0.0
    order = setting("word_order_factor")
    whole = max(fuzz.ratio(a, b), order * fuzz.token_sort_ratio(a, b),
                order * fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")))
    best = min(whole, _by_word(a, b))
    if min(len(a.replace(" ", "")), len(b.replace(" ", ""))) >= setting("contained_min_chars"):
        best = max(best, setting("contained_factor") * fuzz.token_set_ratio(a, b))
    return best


@lru_cache(maxsize=4096)
def _parts(text: str, generic: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A sign's words and the words left without the generic ones (kept: one sign meets hundreds of
    earlier marks in a check)."""
    text_words = words(text)
    return tuple(text_words), tuple(without(text_words, generic))


def _aspect(a: str, b: str, forms: Iterable[tuple[Callable[[Iterable[str]], str], float]],
            generic: frozenset[str]) -> int:
    """An aspect's score: each form of the two signs compared, whole and without generic words."""
    (words_a, core_a), (words_b, core_b) = _parts(a, generic), _parts(b, generic)
    best = 0.0
    for form, factor in forms:
        best = max(best, factor * _compare(form(words_a), form(words_b)))
        if core_a and core_b and (core_a, core_b) != (words_a, words_b):
            best = max(best, factor * setting("core_factor") * _compare(form(core_a), form(core_b)))
    return round(min(best, 100))


def spelling_score(a: str, b: str, generic: frozenset[str] = frozenset()) -> int:
    """Spelling: as typed (NFC, case-folded) and without accents (đ -> d), rapidfuzz edit distance."""
    forms = ((" ".join, 1.0), (lambda ws: " ".join(folded_word(w) for w in ws), setting("folded_factor")))
    return _aspect(a, b, forms, generic)


def sound_score(a: str, b: str, generic: frozenset[str] = frozenset()) -> int:
    """Sound: the phonetic keys of the words (app/marks/phonetics.py), compared the same way."""
    return _aspect(a, b, ((lambda ws: " ".join(syllable_key(w) for w in ws), 1.0),), generic)


@lru_cache(maxsize=1)
def related_classes() -> dict[frozenset[int], tuple[int, str]]:
    """{frozenset({a, b}): (score, reason)} from app/data/mark_related_classes.csv."""
    return {frozenset({int(r["class_a"]), int(r["class_b"])}): (int(r["score"]), r["reason"])
            for r in rows("mark_related_classes")}


def goods_score(classes_a: Iterable[int], classes_b: Iterable[int]) -> int:
    """Goods: same class closest, related classes as the table says, others unrelated."""
    set_a, set_b = set(classes_a), set(classes_b)
    if not set_a or not set_b:
        return int(setting("goods_unknown"))
    if set_a & set_b:
        return int(setting("goods_same_class"))
    table = related_classes()
    return max([table.get(frozenset({a, b}), (0, ""))[0] for a in set_a for b in set_b]
               + [int(setting("goods_unrelated"))])


def compare(a: str, b: str, classes_a: Iterable[int] = (), classes_b: Iterable[int] = (),
            generic: frozenset[str] = frozenset(), image: int | None = None) -> Scores:
    """Every aspect of two marks."""
    return Scores(spelling=spelling_score(a, b, generic), sound=sound_score(a, b, generic),
                  goods=goods_score(classes_a, classes_b), image=image)


def classify(a: str, b: str, classes_a: Iterable[int] = (), classes_b: Iterable[int] = (),
             generic: frozenset[str] = frozenset()) -> str:
    """'identical' (the same words, accents aside, for the same class), 'confusing' (a risk of at least
    trung bình) or 'different': the labels of the tuning set."""
    scores = compare(a, b, classes_a, classes_b, generic)
    if folded(a) == folded(b) and scores.goods == setting("goods_same_class"):
        return "identical"
    return "confusing" if scores.risk_score >= setting("risk_medium") else "different"
