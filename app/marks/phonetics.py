"""Sound keys: a Vietnamese phonetic key per syllable, and a consonant skeleton for foreign words.

A Vietnamese syllable is split into initial consonant, rime and final consonant; the tone is dropped
(buyers hear "Cầu" and "Câu" as one brand far more readily than a different consonant), and the
spellings that sound alike in some dialect get one key (app/data/mark_phonetics.csv says which and
why). A word that cannot be a Vietnamese syllable ("Coffee", "Bảo Food") gets a generic key: its
consonant skeleton after a few English/French spelling merges (ph/f, c/k/q, s/z, doubled letters),
compared with rapidfuzz like any other key.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from app.marks.data import rows
from app.marks.normalize import words

#: tone marks (grave, acute, tilde, hook, dot below): dropped; the vowel's own marks (â, ă, ê, ô, ơ, ư) stay
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
#: every initial a Vietnamese syllable may start with, longest first
_INITIALS = ("ngh", "ng", "nh", "gh", "gi", "kh", "ph", "th", "tr", "ch", "qu",
             "b", "c", "d", "đ", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x")
_FINALS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "i", "y", "o", "u")
_VOWELS = set("aăâeêioôơuưy")
#: a rime that a Vietnamese syllable may have: vowels, then at most one final consonant (cluster)
_RIME = re.compile(r"^([aăâeêioôơuưy]{1,3})(ng|nh|ch|c|m|n|p|t)?$")


def strip_tones(word: str) -> str:
    """'cầu' -> 'câu': the tone goes, the vowel's quality stays."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))


@lru_cache(maxsize=1)
def merges() -> dict[str, dict[str, str]]:
    """{position: {spelling: key}} from app/data/mark_phonetics.csv."""
    table: dict[str, dict[str, str]] = {"initial": {}, "final": {}, "vowel": {}}
    for row in rows("mark_phonetics"):
        table[row["position"]][row["spelling"]] = row["key"]
    return table


def split_syllable(word: str) -> tuple[str, str, str] | None:
    """(initial, vowels, final) of a toneless Vietnamese syllable, or None when it cannot be one."""
    initial = next((i for i in _INITIALS if word.startswith(i)), "")
    rest = word[len(initial):]
    if initial == "gi" and (not rest or rest[0] not in _VOWELS):
        rest = "i" + rest  # "gì", "gìn": the i is the vowel
    elif initial == "qu":
        initial, rest = "q", "u" + rest  # the u of qu is the glide, as in "quê"
    match = _RIME.match(rest)
    if not match:
        return None
    return initial, match.group(1), match.group(2) or ""


@lru_cache(maxsize=65536)  # a register repeats the same few thousand words
def syllable_key(word: str) -> str:
    """The tone-insensitive key of one word: 'Rạng' and 'dạn' -> 'zan'; a foreign word's skeleton
    is prefixed with '~' so it never collides with a Vietnamese key."""
    toneless = strip_tones(word.casefold())
    parts = split_syllable(toneless)
    if parts is None:
        return "~" + skeleton(toneless)
    initial, vowels, final = parts
    table = merges()
    if not vowels.startswith("uy"):  # "uy" (Thủy) is its own rime; elsewhere y is the vowel i
        vowels = "".join(table["vowel"].get(ch, ch) for ch in vowels)
    return table["initial"].get(initial, initial) + vowels + table["final"].get(final, final)


_FOREIGN_MERGES = (("ph", "f"), ("ck", "k"), ("qu", "k"), ("q", "k"), ("c", "k"), ("z", "s"),
                   ("x", "ks"), ("w", "v"), ("dh", "d"), ("th", "t"), ("gh", "g"), ("sh", "s"))


def skeleton(word: str) -> str:
    """A generic key for a word in Latin script: its first letter, then its consonants after the
    common spelling merges, doubled letters once ('Coffee' -> 'kf', 'Kofi' -> 'kf')."""
    plain = "".join(ch for ch in unicodedata.normalize("NFD", word.replace("đ", "d"))
                    if "a" <= ch <= "z")
    for spelling, sound in _FOREIGN_MERGES:
        plain = plain.replace(spelling, sound)
    if not plain:
        return ""
    kept = plain[0] + "".join(ch for ch in plain[1:] if ch not in _VOWELS and ch != "h")
    return re.sub(r"(.)\1+", r"\1", kept)


def sound_keys(text: str) -> list[str]:
    """The key of every word of a sign, in order."""
    return [word if word.isdigit() else syllable_key(word) for word in words(text)]
