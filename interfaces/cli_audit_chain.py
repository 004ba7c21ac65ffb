"""`pobratym audit verify | seal | head`: the tamper-evident chain over the whole log."""

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from application.audit import Head, VerifyReport
from interfaces.cli_settings import runtime_of_settings

if TYPE_CHECKING:  # the heavy imports wait until a command needs them
    from infrastructure.bootstrap import Runtime


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


def _service(runtime: "Runtime") -> Any:
    from infrastructure.audit_chain import audit_service

    return audit_service(runtime.app, runtime.read_engine, runtime.documents.file_problems)


def echo_json(value: Any) -> None:
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


@click.command("verify")
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
    with runtime_of_settings() as runtime:
        service = _service(runtime)
        try:
            report = service.verify(start=start, expect=expect)
        except ValueError as e:
            raise click.BadParameter(str(e), param_hint="--expect-head") from None
        sealed = service.seal() if report.ok and not no_seal else None
    if as_json:
        out = report_dict(report)
        out["newly_sealed"] = sealed.added if sealed else 0
        echo_json(out)
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


@click.command("seal")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def seal(as_json: bool) -> None:
    """Seal the positions written since the last seal (run often: cron, or after each batch)."""
    with runtime_of_settings() as runtime:
        result = _service(runtime).seal()
    if as_json:
        echo_json({"added": result.added, "head": result.head.as_dict()})
    else:
        click.echo(f"sealed {result.added:,} new position(s); head {result.head}")


@click.command("head")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def head(as_json: bool) -> None:
    """Print the chain's head (POSITION:DIGEST): copy it where the database admin cannot reach."""
    with runtime_of_settings() as runtime:
        current = _service(runtime).head()
    if as_json:
        echo_json(current.as_dict())
    else:
        click.echo(str(current))
