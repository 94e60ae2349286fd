"""The ``tiegraph`` command line: a thin shell over the Python API.

Each command module registers its sub-commands with ``register(subparsers)``
and may offer ``demo_section(G, out)``, called by ``tiegraph demo`` in the
order of :data:`COMMAND_MODULES`, and ``rewrite_argv(argv)``, which turns
command lines that argparse cannot tell apart (``tiegraph jobs add`` beside
``tiegraph jobs FOLDER``) into the name of a hidden sub-command, and
``amend_parsers(subparsers)``, called once all are registered. Every
command runs inside :func:`tiegraph.history.recording`, so whatever it
writes can be undone (``tiegraph undo``). A command given no network folder
uses ``$TIEGRAPH_NETWORK``, else the current folder when it is one
(:func:`~tiegraph.cli._common.resolve_folder`). A :class:`~tiegraph.TiegraphError` is
printed as one line without a traceback, with exit status 1; usage errors
exit with 2 (argparse); anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import shlex
import sys
from collections.abc import Sequence
from types import ModuleType

from ..exceptions import TiegraphError
from ..history import recording
from ._common import Output, resolve_folder

__all__ = ["main"]

#: Command modules, in the order ``tiegraph --help`` and ``tiegraph demo`` show them.
COMMAND_MODULES = (
    "_folder", "_curate", "_import", "_dedupe", "_strength", "_paths", "_view", "_outreach",
)  # fmt: skip


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
    modules = command_modules()
    for module in modules:
        module.register(sub)
    for module in modules:  # once every command exists, a module may add to another's help
        amend = getattr(module, "amend_parsers", None)
        if amend is not None:
            amend(sub)
    return parser


def rewrite_argv(argv: Sequence[str]) -> list[str]:
    """Return ``argv`` as the parser reads it (each module's ``rewrite_argv`` applied)."""
    out = [str(a) for a in argv]
    for module in command_modules():
        rewrite = getattr(module, "rewrite_argv", None)
        if rewrite is not None:
            out = rewrite(out)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    given = [str(a) for a in (sys.argv[1:] if argv is None else argv)]
    parser = build_parser()
    args = parser.parse_args(rewrite_argv(given))
    out = Output(json=getattr(args, "json", False))
    try:
        resolve_folder(args)
        with recording(shlex.join(["tiegraph", *given])):
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
