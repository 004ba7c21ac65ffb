"""Commands that generate a letter from a case's facts."""

from datetime import date

from application.commands.fields import Command


class GenerateLetter(Command, kw_only=True):
    """Generate, attach and register a letter; dated today unless said otherwise."""

    dated_on: date | None = None
