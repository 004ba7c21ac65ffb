"""The media type of a file read from its bytes (the `filetype` library), never from its name.

Office documents are ZIP archives: they are recognised by their parts ([Content_Types].xml with
word/ or xl/; an ODF `mimetype` entry), and refused as a plain archive when any entry's path is
absolute or climbs out (`../`). Text is UTF-8 without control characters; text that opens with
markup (HTML, SVG, XML) is reported as such, so the domain refuses it.
"""

import codecs
import re
import zipfile
from typing import BinaryIO

import filetype

HEAD = 8192
OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ODF = {
    b"application/vnd.oasis.opendocument.text",
    b"application/vnd.oasis.opendocument.spreadsheet",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def sniff(f: BinaryIO) -> str | None:
    """The file's media type from its content; None when it is not a recognisable document."""
    f.seek(0)
    head = f.read(HEAD)
    f.seek(0)
    if not head:
        return None
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(f)
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.mime)
    return _text_kind(f)


def _zip_kind(f: BinaryIO) -> str:
    try:
        with zipfile.ZipFile(f) as z:
            names = z.namelist()
            if any(
                n.startswith(("/", "\\")) or ".." in n.replace("\\", "/").split("/") for n in names
            ):
                return "application/zip"
            if "mimetype" in names:
                mimetype = z.read("mimetype").strip()
                if mimetype in ODF:
                    return mimetype.decode()
            if "[Content_Types].xml" in names:
                for prefix, mime in OOXML.items():
                    if any(n.startswith(prefix) for n in names):
                        return mime
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        pass
    finally:
        f.seek(0)
    return "application/zip"


def _text_kind(f: BinaryIO) -> str | None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = True
    try:
        while block := f.read(1024 * 1024):
            text = decoder.decode(block)
            if first:
                opening = text.lstrip("\ufeff \t\r\n")[:200].lower()
                if opening.startswith("<"):
                    return "image/svg+xml" if "<svg" in opening else "text/html"
                first = False
            if _CONTROL.search(text):
                return None
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    finally:
        f.seek(0)
    return "text/plain"
