"""Name keys that make transliteration variants of one Arabic name meet.

"Khan Sheikhoun", "Khan Sheikhun" and "Khan Shaykhun" share a skeleton; so do "Tal Maleh",
"Tall Meleh" and "Tal Melh". Exact keys are tried before skeletons, and short skeletons
are not used at all, because the fewer letters a key keeps the more names collide.
"""

from __future__ import annotations

import re
import unicodedata

_ARTICLES = {"al", "el", "as", "ash", "ad", "ar", "an", "at", "az", "ath", "adh", "the"}
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bf\u02be'`\u00b4]")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_DOUBLES = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouy]")


def fold(text: str) -> str:
    """Lowercase ASCII with apostrophes dropped and punctuation turned into spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text.lower())
    return " ".join(_NON_WORD.sub(" ", text).split())


def name_key(name: str) -> str:
    """The exact key: folded, Arabic articles dropped, doubled letters collapsed."""
    words = [w for w in fold(name).split() if w not in _ARTICLES]
    return " ".join(_DOUBLES.sub(r"\1", w) for w in words)


def skeleton(name: str) -> str:
    """The loose key: consonants only, q read as k, a word-final h dropped."""
    out = []
    for word in name_key(name).split():
        word = word.replace("q", "k").replace("ph", "f").replace("ou", "u")
        if len(word) > 2 and word.endswith("h") and word[-2] in "aeiouy":
            word = word[:-1]
        cons = _DOUBLES.sub(r"\1", _VOWELS.sub("", word))
        if (
            len(cons) > 1
            and cons.endswith("h")
            and not cons.endswith(("sh", "kh", "th", "gh", "dh"))
        ):
            cons = cons[:-1]
        if cons:
            out.append(cons)
    return " ".join(out)


def slug(name: str) -> str:
    """An IRI-safe local name from a label: the exact key with hyphens."""
    return name_key(name).replace(" ", "-") or "unnamed"
