"""Spelling forms of a sign: as typed (NFC, case-folded) and folded (no tone marks or diacritics, đ -> d).

Both are compared; the folded form is what a buyer reading a label without accents sees
("Khom Cau Duc" = "KHÓM CẦU ĐỨC" = "Khóm Cầu Đúc")."""
from __future__ import annotations

import re
from functools import lru_cache

from app.text import fold, nfc

_WORDS = re.compile(r"\w+")


def exact(text: str) -> str:
    """NFC, case-folded, single spaces, punctuation dropped: 'Khóm  CẦU-Đúc' -> 'khóm cầu đúc'."""
    return " ".join(_WORDS.findall(nfc(text or "").casefold()))


def folded(text: str) -> str:
    """The exact form without tone marks or diacritics: 'Khóm Cầu Đúc' -> 'khom cau duc'."""
    return " ".join(_WORDS.findall(fold(nfc(text or ""))))


def words(text: str) -> list[str]:
    """The exact form's words."""
    return exact(text).split()


@lru_cache(maxsize=65536)  # a register repeats the same few thousand words
def folded_word(word: str) -> str:
    """One word without accents."""
    return fold(word)


def without(text_words: list[str], drop: frozenset[str]) -> list[str]:
    """The words left once the folded phrases in `drop` are taken out ("nước mắm Phú Quốc" without
    "nuoc mam" -> ["phú", "quốc"]), longest phrase first."""
    keys = [folded_word(word) for word in text_words]
    kept = list(range(len(keys)))
    for size in range(min(4, len(keys)), 0, -1):
        start = 0
        while start + size <= len(keys):
            span = kept[start:start + size]
            if len(span) == size and " ".join(keys[i] for i in span) in drop:
                del kept[start:start + size]
            else:
                start += 1
    return [text_words[i] for i in kept]
