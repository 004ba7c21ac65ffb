"""`pobratym audit`: the chain (cli_audit_chain) and exports (cli_audit_export) for auditors."""

import click

from interfaces.cli_audit_chain import head, seal, verify
from interfaces.cli_audit_export import check_export_command, export


@click.group()
def audit() -> None:
    """The tamper-evident audit chain and exports for auditors."""


for command in (verify, seal, head, export, check_export_command):
    audit.add_command(command)
