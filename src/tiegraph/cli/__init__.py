"""The ``tiegraph`` command line: a thin shell over the Python API.

Each command module registers its sub-commands with ``register(subparsers)``
and may offer ``demo_section(G, out)``, called by ``tiegraph demo`` in the
order of :data:`COMMAND_MODULES`. A :class:`~tiegraph.TiegraphError` is
printed as one line without a traceback, with exit status 1; usage errors
exit with 2 (argparse); anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from ..exceptions import TiegraphError
from ._common import Output

__all__ = ["main"]

#: Command modules, in the order ``tiegraph --help`` and ``tiegraph demo`` show them.
COMMAND_MODULES = ("_folder", "_import", "_strength", "_paths", "_view")


def command_modules() -> list[ModuleType]:
    """Return the command modules, imported."""
    return [importlib.import_module(f"{__name__}.{name}") for name in COMMAND_MODULES]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every command registered."""
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="tiegraph",
        description="Analytics of your professional network: who you know, "
        "who can introduce you, which ties went quiet.",
    )
    parser.add_argument("--version", action="version", version=f"tiegraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in command_modules():
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    out = Output(json=getattr(args, "json", False))
    try:
        status = args.func(args, out)
    except TiegraphError as exc:
        out.error(str(exc))
        return 1
    except KeyboardInterrupt:
        out.error("interrupted")
        return 130
    return int(status or 0)


def _entry() -> None:  # pragma: no cover - console script
    sys.exit(main())
