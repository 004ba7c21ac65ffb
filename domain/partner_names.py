"""When two partner names are the same name: the key that uniqueness is checked on (DOMAIN.md §7).

Pure functions only. A key is case-, diacritics- and script-insensitive: "Wrocław", "Wroclaw",
"WROCŁAW" and "Вроцлав" share the key "vroclav", while "Warsaw" and "Brno" keep keys of their own.
"""

import re
import unicodedata
from uuid import NAMESPACE_URL, UUID, uuid5

# Ukrainian national romanisation (Cabinet of Ministers resolution No. 55 of 27 January 2010).
# Є, Ї, Й, Ю, Я are written ye, yi, y, yu, ya at the start of a word, and ie, i, i, iu, ia
# elsewhere; "зг" is "zgh" (to tell it from "ж" = "zh"); the soft sign and the apostrophe are
# dropped. Letters of other Cyrillic alphabets (ы, э, ё, ъ, ў, ђ...) are added with the closest
# reading so that a name copied from a Russian or Belarusian source still finds its key.
KMU_2010: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "'": "", "’": "", "ʼ": "",
    # Not Ukrainian letters: the nearest reading.
    "ы": "y", "э": "e", "ё": "io", "ъ": "", "ў": "u", "ђ": "dj", "ј": "j", "љ": "lj",
    "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "g", "ќ": "k", "ѕ": "dz",
}  # fmt: skip
KMU_2010_INITIAL: dict[str, str] = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

# Latin letters that NFKD does not decompose into a base letter and a mark.
LATIN_EXTRA: dict[str, str] = {
    "ł": "l", "ø": "o", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
    "ı": "i", "ħ": "h", "ŀ": "l", "ŋ": "n",
}  # fmt: skip

# The coarse phonetic fold: spellings of one sound in the languages of our partners meet.
# Longest first, applied left to right: Polish "cz", "sz", "rz"; German "tz"; the "ts" of the
# Ukrainian "ц" and the Polish "c" meet in "c"; "kh" (х) and "g" (Г renders G: Гданськ) meet "h".
DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("shch", "sc"),
    ("tsch", "ch"),
    ("sch", "sh"),
    ("cz", "ch"),
    ("sz", "sh"),
    ("rz", "zh"),
    ("tz", "c"),
    ("ts", "c"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
)
LETTERS: dict[str, str] = {"w": "v", "g": "h", "j": "i", "y": "i", "q": "k", "x": "ks"}

_DIGRAPH = re.compile("|".join(d for d, _ in DIGRAPHS))
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_REPEATED = re.compile(r"([a-z])\1+")  # letters only: "District 11" is not "District 1"


def transliterate(text: str) -> str:
    """Cyrillic letters in Latin by the national romanisation (KMU 55-2010); others unchanged."""
    out: list[str] = []
    word_start = True
    previous = ""
    for ch in text:
        low = ch.lower()
        if word_start and low in KMU_2010_INITIAL:
            latin = KMU_2010_INITIAL[low]
        elif low == "г" and previous == "з":
            latin = "gh"  # "зг" is "zgh", so that it is not read as "ж"
        else:
            latin = KMU_2010.get(low, ch)
        if latin != ch and ch != low and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
        previous = low
        if ch not in "'’ʼ":
            word_start = not ch.isalpha()
    return "".join(out)


def plain_latin(name: str) -> str:
    """The name in lower-case ASCII letters, digits and spaces: no case, marks or Cyrillic."""
    text = transliterate(unicodedata.normalize("NFC", name).casefold())
    text = "".join(LATIN_EXTRA.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    text = "".join(LATIN_EXTRA.get(ch, ch) for ch in text)
    return " ".join(_NOT_ALNUM.split(text)).strip()


def _fold_word(word: str) -> str:
    word = _DIGRAPH.sub(lambda m: dict(DIGRAPHS)[m.group(0)], word)
    word = "".join(LETTERS.get(ch, ch) for ch in word)
    return _REPEATED.sub(r"\1", word)


def name_key(name: str) -> str:
    """The key two names share when they are the same name: "Вроцлав" and "WROCŁAW" → vroclav."""
    return "".join(_fold_word(word) for word in plain_latin(name).split())


def claim_id(country: str, key: str) -> UUID:
    """The deterministic id of the claim on a name key in a country."""
    return uuid5(NAMESPACE_URL, f"pobratym:partner-name:{country.upper()}:{key}")
