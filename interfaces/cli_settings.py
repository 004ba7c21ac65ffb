"""How every `pobratym` command reads its settings: a bad value is one line and exit status 2."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from infrastructure.settings import ConfigurationError, Settings

if TYPE_CHECKING:  # the heavy imports wait until a command needs them
    from infrastructure.bootstrap import Runtime


class ConfigProblem(click.ClickException):
    """A setting that cannot be used: printed as `Error: POBRATYM_X: ...`, exit status 2."""

    exit_code = 2


def load_settings() -> Settings:
    """The validated settings, or exit 2 with one line per bad variable (no traceback)."""
    try:
        return Settings.from_env()
    except ConfigurationError as e:
        raise ConfigProblem("\n".join(e.lines)) from None


@contextmanager
def runtime_of_settings() -> Iterator["Runtime"]:
    """The application built from the settings, closed when the command is done."""
    from infrastructure.bootstrap import build

    runtime = build(load_settings())
    try:
        yield runtime
    finally:
        runtime.close()
