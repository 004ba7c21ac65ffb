"""The console's languages: Ukrainian by default, English on request (gettext via Babel).

The catalogue is the committed `locale/uk/LC_MESSAGES/messages.po`; it is compiled in memory
when the app starts (Babel's own compiler), so a fresh clone needs no build step and the .po
is the only source. English is the messages' own language (msgids are English).
"""

import gettext
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("uk", "en")
DEFAULT_LANGUAGE = "uk"
LANG_COOKIE = "pobratym_lang"


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> gettext.NullTranslations:
    """The translations for a language (English: the messages as written)."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang not in LANGUAGES or not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def language_of(cookie: str | None) -> str:
    """The language a browser chose (its cookie), else Ukrainian."""
    return cookie if cookie in LANGUAGES else DEFAULT_LANGUAGE
