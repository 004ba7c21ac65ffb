"""`pobratym audit`: verify and seal the tamper-evident chain, print its head, export, check."""

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

from application.audit import Head, VerifyReport
from application.spreadsheet import DELIMITERS, SafeCsvWriter
from interfaces.cli_settings import load_settings

if TYPE_CHECKING:  # the heavy imports wait until a command needs them
    from application.audit_export import Progress
    from infrastructure.bootstrap import Runtime

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


class HeadParam(click.ParamType):
    """POSITION:DIGEST as printed by `pobratym audit head`."""

    name = "POSITION:DIGEST"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Head:
        """Parse a copied head."""
        if isinstance(value, Head):
            return value
        try:
            return Head.parse(str(value))
        except ValueError as e:
            self.fail(str(e), param, ctx)


HEAD = HeadParam()


@contextmanager
def _runtime() -> Iterator["Runtime"]:
    from infrastructure.bootstrap import build

    runtime = build(load_settings())
    try:
        yield runtime
    finally:
        runtime.close()


def _service(runtime: "Runtime") -> Any:
    from infrastructure.audit_chain import audit_service

    return audit_service(runtime.app, runtime.read_engine, runtime.documents.file_problems)


def _echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def report_dict(report: VerifyReport) -> dict[str, Any]:
    """A verification report as JSON (the same shape as GET /audit/verify)."""
    return {
        "ok": report.ok,
        "checked": report.checked,
        "sealed": report.sealed,
        "unsealed": report.unsealed,
        "first_bad_position": report.first_bad_position,
        "reason": report.reason,
        "detail": report.detail,
        "problems": [
            {"position": p.position, "reason": p.reason, "detail": p.detail}
            for p in report.problems
        ],
        "head": report.head.as_dict(),
        "started_from": report.started_from.as_dict() if report.started_from else None,
        "seconds": round(report.seconds, 3),
    }


@click.group()
def audit() -> None:
    """The tamper-evident audit chain and exports for auditors."""


@audit.command("verify")
@click.option("--from-head", "start", type=HEAD, help="start after a copied head, trusting it")
@click.option(
    "--expect-head",
    "expect",
    type=HEAD,
    multiple=True,
    help="a copied head the recomputed chain must pass through (repeatable)",
)
@click.option("--no-seal", is_flag=True, help="do not seal the new positions after success")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def verify(start: Head | None, expect: tuple[Head, ...], no_seal: bool, as_json: bool) -> None:
    """Recompute the chain from the event store; exit 1 naming the first tampered position."""
    with _runtime() as runtime:
        service = _service(runtime)
        try:
            report = service.verify(start=start, expect=expect)
        except ValueError as e:
            raise click.BadParameter(str(e), param_hint="--expect-head") from None
        sealed = service.seal() if report.ok and not no_seal else None
    if as_json:
        out = report_dict(report)
        out["newly_sealed"] = sealed.added if sealed else 0
        _echo_json(out)
    elif report.ok:
        click.echo(
            f"OK: {report.checked:,} events checked, {report.sealed:,} against their seals, "
            f"{report.unsealed:,} not sealed before ({report.seconds:.2f} s)"
        )
        click.echo(f"head {report.head}  (count {report.head.count})")
        if sealed is not None:
            click.echo(f"sealed {sealed.added:,} new position(s)")
    else:
        click.echo(
            f"TAMPERED: first bad position {report.first_bad_position} "
            f"({report.reason}): {report.detail}"
        )
        for p in report.problems[1:]:
            click.echo(f"  position {p.position} ({p.reason}): {p.detail}")
        click.echo(f"recomputed head {report.head}")
    if not report.ok:
        sys.exit(1)


@audit.command("seal")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def seal(as_json: bool) -> None:
    """Seal the positions written since the last seal (run often: cron, or after each batch)."""
    with _runtime() as runtime:
        result = _service(runtime).seal()
    if as_json:
        _echo_json({"added": result.added, "head": result.head.as_dict()})
    else:
        click.echo(f"sealed {result.added:,} new position(s); head {result.head}")


@audit.command("head")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def head(as_json: bool) -> None:
    """Print the chain's head (POSITION:DIGEST): copy it where the database admin cannot reach."""
    with _runtime() as runtime:
        current = _service(runtime).head()
    if as_json:
        _echo_json(current.as_dict())
    else:
        click.echo(str(current))


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


@audit.command("export")
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
    with _runtime() as runtime, _target(output) as stream:
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


@audit.command("check-export")
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
        _echo_json(
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
