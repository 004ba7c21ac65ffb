"""`pobratym audit export | check-export`: the log as JSON lines or CSV, and the offline check."""

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from uuid import UUID
from zoneinfo import ZoneInfo

import click

from application.audit import Head
from application.spreadsheet import DELIMITERS, SafeCsvWriter
from interfaces.cli_settings import load_settings, runtime_of_settings

if TYPE_CHECKING:  # the heavy imports wait until a command needs them
    from application.audit_export import Progress

from interfaces.cli_audit_chain import HEAD, echo_json

CSV_COLUMNS = [
    "position",
    "time",
    "case_id",
    "case_type",
    "version",
    "type",
    "description",
    "actor",
    "note",
    "correlation_id",
    "facts",
    "redacted",
    "event_hash",
    "prev_digest",
    "digest",
]


def _moment(text: str | None, tz: ZoneInfo, end_of_day: bool) -> datetime | None:
    """A date or ISO datetime; naive ones are in the council's time zone."""
    if text is None:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime.combine(day + timedelta(days=1 if end_of_day else 0), time(), tz)
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"not a date or ISO datetime: {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl")
@click.option("--from", "since", help="from this date or datetime (inclusive)")
@click.option("--to", "until", help="to this datetime (exclusive); a date means its whole day")
@click.option("--case", "case_id", type=click.UUID, help="only this case's events")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--link-to-head", is_flag=True, help="chain links up to the log's head (jsonl)")
@click.option(
    "--delimiter",
    type=click.Choice(["comma", "semicolon"]),
    default="comma",
    help="CSV delimiter: semicolon for Excel with a Ukrainian (or other `;`) list separator",
)
def export(
    fmt: str,
    since: str | None,
    until: str | None,
    case_id: UUID | None,
    output: Path | None,
    link_to_head: bool,
    delimiter: str,
) -> None:
    """Stream the log (or a case, or a time range) as JSON lines or CSV, with chain digests."""
    from application.audit_export import AuditExport, ExportFilter
    from infrastructure.audit_chain import raw_log

    settings = load_settings()
    tz = ZoneInfo(settings.timezone)
    wanted = ExportFilter(
        since=_moment(since, tz, end_of_day=False),
        until=_moment(until, tz, end_of_day=True),
        case_id=case_id,
        link_to_head=link_to_head,
    )
    with runtime_of_settings() as runtime, _target(output) as stream:
        exporter = AuditExport(runtime.app, raw_log(runtime.app.recorder))
        with _progress(runtime.app.position, to_terminal=output is None) as progress:
            written = _write(
                exporter.lines(wanted, progress), fmt, stream, delimiter=DELIMITERS[delimiter]
            )
    if output is not None:
        click.echo(f"exported {written:,} event(s) to {output}", err=True)


@contextmanager
def _target(output: Path | None) -> Iterator[IO[str]]:
    """The output file, written beside and renamed at the end, or stdout."""
    if output is None:
        yield sys.stdout
        return
    partial = output.with_name(output.name + ".part")
    with partial.open("w", encoding="utf-8", newline="") as f:
        yield f
    partial.replace(output)


@contextmanager
def _progress(total: int, to_terminal: bool) -> Iterator["Progress | None"]:
    """A progress bar on stderr when it is a terminal (never when the output is the screen)."""
    if not sys.stderr.isatty() or (to_terminal and sys.stdout.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("exporting"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("export", total=max(total, 1))
        yield lambda position: bar.update(task, completed=position)


def _write(
    lines: Iterator[dict[str, Any]], fmt: str, stream: IO[str], *, delimiter: str = ","
) -> int:
    """Write the export; CSV keeps only the events (the readable view), UTF-8 with a BOM."""
    written = 0
    if fmt == "jsonl":
        for line in lines:
            stream.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
            written += line["kind"] == "event"
        return written
    writer = SafeCsvWriter(
        stream, delimiter=delimiter
    )  # no cell is read as a formula (OWASP CSV injection)
    writer.writerow(CSV_COLUMNS)
    for line in lines:
        if line["kind"] != "event":
            continue
        row = dict(line)
        row["facts"] = json.dumps(line["facts"], ensure_ascii=False)
        row["redacted"] = ";".join(line["redacted"])
        writer.writerow([row.get(c) for c in CSV_COLUMNS])
        written += 1
    return written


@click.command("check-export")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--head", "heads", type=HEAD, multiple=True, help="a copied head to compare with")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def check_export_command(file: IO[str], heads: tuple[Head, ...], as_json: bool) -> None:
    """Check a JSON-lines export offline: hashes, chain links and copied heads (exit 1 if bad)."""
    from application.audit_export import COVERED_FIELDS, NOT_COVERED, check_export

    def lines() -> Iterator[dict[str, Any]]:
        for number, text in enumerate(file, 1):
            if text.strip():
                try:
                    yield json.loads(text)
                except ValueError:
                    raise click.ClickException(
                        f"line {number} is not JSON: check the JSON-lines export "
                        "(CSV is the readable view, without the stored bytes)"
                    ) from None

    report = check_export(lines(), heads)
    if as_json:
        echo_json(
            {
                "ok": report.ok,
                "lines": report.lines,
                "events": report.events,
                "content_checked": report.content_checked,
                "linkage_only": report.linkage_only,
                "links": report.links,
                "starts_at_genesis": report.starts_at_genesis,
                "head": report.head.as_dict() if report.head else None,
                "problems": report.problems,
                "covered": list(COVERED_FIELDS),
                "not_covered": list(NOT_COVERED),
            }
        )
    else:
        verdict = "OK" if report.ok else "FAILED"
        click.echo(
            f"{verdict}: {report.events:,} events ({report.content_checked:,} recomputed from "
            f"their stored bytes, {report.linkage_only:,} redacted: chain link only), "
            f"{report.links:,} links, {report.lines:,} lines read"
        )
        click.echo(f"checked against the stored bytes: {', '.join(COVERED_FIELDS)}")
        click.echo(f"not checked: {'; '.join(NOT_COVERED)}")
        if report.head is not None:
            click.echo(f"export head {report.head}")
        for problem in report.problems:
            click.echo(f"  {problem}")
    if not report.ok:
        sys.exit(1)
