"""Search keys: case-insensitive in Ukrainian and Latin, accents on Latin letters ignored."""

import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'", "´": "'"})


def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)
    # Drop accents only from Latin letters: "й" and "ї" stay distinct Ukrainian letters.
    return base[0] if base[0].isascii() and len(base) > 1 else ch


class _FoldTable(dict[int, str]):
    """str.translate's table, filled on first sight of each character (lookups stay in C)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = ch if ch.isascii() else _fold_char(ch)
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(*parts: str | None) -> str:
    """A lowercase search key: casefolded, Latin accents dropped, apostrophes unified."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).casefold()
    if not text.isascii():
        text = text.translate(_FOLD)
    return " ".join(text.split())
