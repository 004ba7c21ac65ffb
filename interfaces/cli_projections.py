"""`pobratym projections run | rebuild [NAME] | status`: the read models' worker and tools."""

import json
import logging
import signal
import time
from typing import TYPE_CHECKING, Any

import click

from interfaces.cli_settings import runtime_of_settings

if TYPE_CHECKING:
    from projections.runtime.engine import ProjectionEngine


def _names(given: tuple[str, ...]) -> list[str]:
    from projections.registry import PROJECTIONS

    known = [p.name for p in PROJECTIONS]
    unknown = [n for n in given if n not in known]
    if unknown:
        raise click.BadParameter(
            f"unknown projection(s) {', '.join(unknown)}; known: {', '.join(known)}",
            param_hint="NAME",
        )
    return list(given) or known


@click.group()
def projections() -> None:
    """Read models: the projection worker, rebuilds and their status."""


@projections.command("run")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option("--once", is_flag=True, help="catch up with the log, then exit")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 20000))
def run(names: tuple[str, ...], once: bool, batch_size: int) -> None:
    """Keep the read models up to date (a worker; run one or more per PostgreSQL deployment)."""
    from infrastructure.audit_chain import auto_seal
    from projections.registry import projection_named
    from projections.runtime.engine import ProjectionEngine

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    chosen = _names(names)
    with runtime_of_settings() as rt:
        engine = ProjectionEngine(
            rt.app, rt.read_engine, [projection_named(n) for n in chosen], batch_size=batch_size
        )
        engine.after_batch.append(auto_seal(rt.app, rt.read_engine))  # keep the chain sealed
        if once:
            applied = engine.catch_up(timeout=float("inf"))
            click.echo(f"caught up: {applied} events applied ({', '.join(chosen)})")
            return
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: engine.stop())
        click.echo(f"projections running: {', '.join(chosen)} (Ctrl-C to stop)")
        engine.run_forever()


@projections.command("rebuild")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="print JSON (no progress bar)")
def rebuild(name: str | None, as_json: bool) -> None:
    """Rebuild from the whole log into fresh tables and swap them in (the API keeps serving)."""
    from projections.runtime.errors import EventFailed
    from projections.runtime.rebuild import RebuildBusy

    chosen = _names((name,) if name else ())
    reports: list[dict[str, Any]] = []
    with runtime_of_settings() as rt:
        engine: ProjectionEngine = rt.extras["projections"]
        for projection in chosen:
            try:
                report = _rebuild_one(engine, projection, show=not as_json)
            except (RebuildBusy, EventFailed) as e:
                # EventFailed's message names the class and position only, never row data.
                raise click.ClickException(str(e)) from None
            reports.append(
                {
                    "name": report.name,
                    "events": report.events,
                    "position": report.position,
                    "seconds": round(report.seconds, 3),
                    "events_per_second": round(report.events / max(report.seconds, 1e-9)),
                }
            )
    if as_json:
        click.echo(json.dumps(reports))


def _rebuild_one(engine: "ProjectionEngine", name: str, show: bool) -> Any:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    if not show:
        return engine.rebuild(name)
    console = Console(stderr=False)
    started = time.monotonic()
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[events]} events, {task.fields[rate]}/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    ) as bar:
        task = bar.add_task(name, total=max(engine.head(), 1), events=0, rate=0)

        def progress(job: Any) -> None:
            rate = int(job.applied / max(time.monotonic() - started, 1e-9))
            bar.update(
                task,
                completed=job.position,
                total=max(job.head, job.position, 1),
                events=job.applied,
                rate=rate,
            )

        report = engine.rebuild(name, progress)
    console.print(
        f"{name}: {report.events} events in {report.seconds:.2f}s, swapped in at "
        f"position {report.position}"
    )
    return report


@projections.command("status")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def status(as_json: bool) -> None:
    """Each projection's position, lag (events and seconds) and last error."""
    with runtime_of_settings() as rt:
        rows = rt.extras["projections"].status()
    if as_json:
        click.echo(json.dumps([s.as_dict() for s in rows], ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Projections")
    for column in ("name", "version", "position", "lag (events)", "lag (s)", "state"):
        table.add_column(column, justify="right" if column.startswith(("pos", "lag")) else "left")
    for s in rows:
        if s.last_error:
            state = f"[red]stopped at {s.error_position}: {s.last_error}[/red]"
        elif s.rebuild_position is not None:
            state = f"rebuilding ({s.rebuild_position}/{s.head})"
        elif s.stale:
            state = f"[yellow]stale (built by v{s.built_version}): rebuild due[/yellow]"
        else:
            state = "ok"
        lag = "-" if s.lag_seconds is None else f"{s.lag_seconds:.1f}"
        table.add_row(s.name, str(s.version), str(s.position), str(s.lag_events), lag, state)
    Console().print(table)
