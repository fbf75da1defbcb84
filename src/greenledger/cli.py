"""The `greenledger` command.

Accounting commands run on the pure core. Web commands (serve, demo-data, audit ...) live in
``greenledger.web.commands`` and are imported only when called, so `greenledger calc` never pays
for Django's start-up.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

# name -> "module:attribute" of a click command, imported on first use.
LAZY_COMMANDS: dict[str, str] = {
    "assess": "greenledger.commands.assess:assess",
    "calc": "greenledger.commands.calc:calc",
    "cbam": "greenledger.commands.cbam:cbam",
    "cfe": "greenledger.commands.cfe:cfe_command",
    "factors": "greenledger.commands.factors:factors",
    "finance": "greenledger.commands.finance:finance",
    "footprint": "greenledger.commands.footprint:footprint",
    "plan": "greenledger.commands.plan:plan",
    "progress": "greenledger.commands.progress:progress",
    "symbiosis": "greenledger.commands.symbiosis:symbiosis",
    "serve": "greenledger.web.commands:serve",
    "worker": "greenledger.web.commands:worker",
    "demo-data": "greenledger.web.commands:demo_data",
    "audit": "greenledger.web.commands:audit",
    "certificates": "greenledger.web.commands:certificates",
    "schedule": "greenledger.web.commands:schedule",
    "district": "greenledger.web.commands:district",
    "manage": "greenledger.web.commands:manage",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, attribute = LAZY_COMMANDS[cmd_name].split(":")
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name and module_name.startswith(exc.name):
                    return None  # that part of the platform is not installed in this build
                raise
            command: Any = getattr(module, attribute)
            return command  # type: ignore[no-any-return]
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="greenledger")
def main() -> None:
    """GreenLedger: energy and greenhouse-gas accounting and the alliance platform of a
    green low-carbon industrial district."""


if __name__ == "__main__":
    main()
