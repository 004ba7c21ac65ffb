"""`pobratym reports`: the annual report and the partners in force on a day, from the shell."""

import json
from datetime import datetime
from pathlib import Path

import click
import msgspec

from infrastructure.bootstrap import Runtime
from interfaces.cli_settings import load_settings

CATCH_UP_SECONDS = 120


def _runtime() -> Runtime:
    """A runtime whose read models are current (on SQLite the CLI catches them up itself;
    on PostgreSQL the projection workers keep them current)."""
    from infrastructure.bootstrap import build

    settings = load_settings()
    runtime = build(settings)
    if not settings.is_postgres:
        runtime.extras["projections"].catch_up(timeout=CATCH_UP_SECONDS)
    return runtime


@click.group()
def reports() -> None:
    """Reports over the read models."""


@reports.command("partners")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="default: today")
@click.option(
    "--relationship", type=click.Choice(["twin_city", "partner_city", "friendship", "none"])
)
def partners(as_of: datetime | None, relationship: str | None) -> None:
    """Partners whose tie was in force on a day, and in how many countries (JSON)."""
    runtime = _runtime()
    try:
        day = as_of.date() if as_of is not None else runtime.clock.today()
        found = runtime.reads.partners_as_of(day, relationship, None)
        click.echo(json.dumps(msgspec.to_builtins(found), ensure_ascii=False, indent=2))
    finally:
        runtime.close()


@reports.command("annual")
@click.option("--year", type=click.IntRange(1991, 2100), help="default: last year")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "docx"]), default="json")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="write to a file")
def annual(year: int | None, fmt: str, out: Path | None) -> None:
    """The year in figures: JSON, CSV (Ukrainian, UTF-8 with BOM) or DOCX (Ukrainian)."""
    from interfaces.reports.files import annual_csv, annual_docx

    runtime = _runtime()
    try:
        report = runtime.reads.annual_report(year, None)
    finally:
        runtime.close()
    if fmt == "json":
        body = json.dumps(msgspec.to_builtins(report), ensure_ascii=False, indent=2).encode()
    else:
        body = annual_csv(report) if fmt == "csv" else annual_docx(report)
    if out is None and fmt == "docx":
        raise click.UsageError("a DOCX goes to a file: give --out")
    if out is None:
        click.echo(body.decode("utf-8"))
    else:
        out.write_bytes(body)
        click.echo(f"wrote {out} ({len(body)} bytes)")
