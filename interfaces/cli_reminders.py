"""`pobratym reminders run | status`: the cron-friendly reminder job and its outbox.

`run` catches the read models up (so it also works with no server running), issues what is
due (after a gap: per case and chain only the current state, older ones counted as skipped;
agreements expire or renew on their day), catches up again so the new reminders reach the
outbox, and delivers what is pending. Safe every few minutes, from several machines at once.
"""

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

from interfaces.cli_settings import runtime_of_settings

if TYPE_CHECKING:
    from application.outbox import DeliveryReport
    from application.reminders import RunReport

CATCH_UP_SECONDS = 120.0


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "-"


def _json(value: Any) -> str:
    def plain(v: Any) -> Any:
        if isinstance(v, datetime | date):
            return v.isoformat()
        return str(v)

    return json.dumps(value, ensure_ascii=False, indent=2, default=plain)


def _print_run(report: "RunReport") -> None:
    head = "Dry run: would do" if report.dry_run else "Done"
    click.echo(
        f"Reminders as of {report.as_of.isoformat()} (run {report.run_id[:8]}): "
        f"{report.candidates} case(s) looked at"
    )
    counts = report.counts()
    if not counts:
        click.echo("  nothing due")
    else:
        click.echo(
            f"  {head}: {sum(counts.values())} "
            f"({report.issued} reminder(s) issued, {report.skipped} older one(s) skipped)"
        )
        for what, n in counts.items():
            click.echo(f"    {what:<28} {n}")
        for d in report.done:
            key = d.key or ""
            skipped = f" (skipped {d.skipped})" if d.skipped else ""
            click.echo(f"  {d.reference:<16} {d.what:<28} {key:<32} due {_day(d.due_on)}{skipped}")
    if report.races:
        click.echo(f"  {report.races} case(s) were changed by another runner meanwhile: reloaded")
    for error in report.errors:
        click.echo(f"  error: {error}", err=True)


def _print_delivery(delivery: "DeliveryReport | None", channels: list[str]) -> None:
    if delivery is None:
        return
    if not channels:
        click.echo("Delivery: no channel configured (POBRATYM_SMTP_URL, POBRATYM_WEBHOOK_URL)")
        return
    parts = [f"{delivery.enqueued} new message(s)"]
    for channel in channels:
        sent = delivery.sent.get(channel, 0)
        retrying = delivery.retrying.get(channel, 0)
        failed = delivery.failed.get(channel, 0)
        mails = delivery.digests.get(channel)
        in_digests = f" in {mails} digest(s)" if mails else ""
        parts.append(f"{channel}: {sent} sent{in_digests}, {retrying} to retry, {failed} failed")
    click.echo("Delivery: " + "; ".join(parts))
    for error in delivery.errors:
        click.echo(f"  {error}", err=True)


@click.group()
def reminders() -> None:
    """Reminders: the job that issues and delivers them, and the state of the outbox."""


@reminders.command("run")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="run as of this day (YYYY-MM-DD; default today; a later day needs --dry-run)",
)
@click.option("--dry-run", is_flag=True, help="show what is due; change and send nothing")
@click.option("--retry-failed", is_flag=True, help="give failed deliveries a fresh start first")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def run(as_of: datetime | None, dry_run: bool, retry_failed: bool, as_json: bool) -> None:
    """Issue every reminder that is due (catching up), expire or renew agreements, deliver."""
    from application.outbox import utc_now
    from domain.errors import RuleViolation
    from infrastructure.outbox import SqlOutbox
    from infrastructure.reminders import outbox, reminder_service

    with runtime_of_settings() as rt:
        try:
            box = outbox(rt)
        except ValueError as e:
            raise click.ClickException(str(e)) from None
        engine = rt.extras["projections"]
        engine.catch_up(timeout=CATCH_UP_SECONDS)
        try:
            report = reminder_service(rt).run(as_of.date() if as_of else None, dry_run=dry_run)
        except RuleViolation as e:
            raise click.ClickException(e.message) from None
        delivery = None
        if not dry_run:
            engine.catch_up(timeout=CATCH_UP_SECONDS)
            if retry_failed:
                SqlOutbox(rt.read_engine).requeue_failed(utc_now())
            delivery = box.deliver()
    if as_json:
        out = {
            "reminders": report.as_dict(),
            "delivery": delivery.as_dict() if delivery else None,
            "channels": box.channels,
        }
        click.echo(_json(out))
    else:
        _print_run(report)
        _print_delivery(delivery, box.channels)
    if report.errors:
        raise SystemExit(1)


@reminders.command("status")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def status(as_json: bool) -> None:
    """Messages by channel and state, and every delivery not yet sent with its last error."""
    from infrastructure.outbox import outbox_status

    with (
        runtime_of_settings() as rt,
        rt.read_engine.connect().execution_options(read_only=True) as conn,
    ):
        found = outbox_status(conn)
    if as_json:
        click.echo(
            _json(
                {
                    "messages": found.messages,
                    "undelivered": found.undelivered,
                    "counts": found.counts,
                    "open": found.open,
                }
            )
        )
        return
    click.echo(f"Reminders issued: {found.messages}; with no delivery yet: {found.undelivered}")
    for channel, counts in sorted(found.counts.items()):
        tally = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
        click.echo(f"  {channel}: {tally}")
    if not found.open:
        click.echo("Nothing pending or failed.")
        return
    click.echo("Not sent yet:")
    for d in found.open:
        when = d["next_attempt_at"].strftime("%Y-%m-%d %H:%M UTC") if d["next_attempt_at"] else ""
        retry = f", next attempt {when}" if d["status"] == "pending" else ""
        click.echo(
            f"  {d['reference']:<16} {d['what']:<28} {d['channel']:<8} {d['status']} "
            f"after {d['attempts']} attempt(s){retry}"
        )
        if d["last_error"]:
            click.echo(f"      {d['last_error']}")
