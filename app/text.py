"""Vietnamese text helpers: NFC storage, accent-insensitive folding and sorting."""
from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """Text as stored: NFC, so the same word typed on two keyboards compares equal."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case without diacritics: 'Khóm Cầu Đúc' -> 'khom cau duc'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def sort_key(text: str) -> tuple[str, str]:
    """Sort Vietnamese names by letters first, diacritics second (Đ next to D)."""
    return fold(text), text
