"""Search keys: case-insensitive in Ukrainian and Latin, accents on Latin letters ignored."""

import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'", "´": "'"})


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)
    # Drop accents only from Latin letters: "й" and "ї" stay distinct Ukrainian letters.
    return base[0] if base[0].isascii() and len(base) > 1 else ch


def fold(*parts: str | None) -> str:
    """A lowercase search key: casefolded, Latin accents dropped, apostrophes unified."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).casefold()
    if not text.isascii():
        text = "".join(c if c.isascii() else _fold_char(c) for c in text)
    return " ".join(text.split())
