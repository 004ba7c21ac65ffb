"""How every `pobratym` command reads its settings: a bad value is one line and exit status 2."""

import click

from infrastructure.settings import ConfigurationError, Settings


class ConfigProblem(click.ClickException):
    """A setting that cannot be used: printed as `Error: POBRATYM_X: ...`, exit status 2."""

    exit_code = 2


def load_settings() -> Settings:
    """The validated settings, or exit 2 with one line per bad variable (no traceback)."""
    try:
        return Settings.from_env()
    except ConfigurationError as e:
        raise ConfigProblem("\n".join(e.lines)) from None
