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
exit with 2 (argparse). **This is the one place that turns the
environment's errors into one line** (:func:`environment_message`): a
folder or file that cannot be read or written (permissions, a read-only
file system), a full disk, a file-size limit, a path that is a file where a
folder is needed. Anything else is a bug and shows its traceback.

A command that may write holds the folder's lock (:mod:`tiegraph._lock`)
from before it reads the folder until it has written, so two commands
writing one folder at once never lose each other's rows; the second says
``waiting for another tiegraph command writing FOLDER...`` and waits.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from .._lock import folder_lock
from ..exceptions import TiegraphError
from ..history import recording
from ._common import Output, resolve_folder

__all__ = ["environment_message", "main"]

#: Commands that only read their folder: they take no lock (every other command does).
READ_ONLY_COMMANDS = frozenset(
    {
        "cmd_asks",
        "cmd_check",
        "cmd_demo",
        "cmd_draft",
        "cmd_dormant",
        "cmd_history",
        "cmd_intro",
        "cmd_introducers",
        "cmd_jobs",
        "cmd_jobs_list",
        "cmd_keep_in_touch",
        "cmd_orgs",
        "cmd_strength",
        "cmd_todo",
        "cmd_view",
    }
)
#: Commands that create their folder when it does not exist.
CREATING_COMMANDS = frozenset({"cmd_add", "cmd_import"})

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


def _writes(args: argparse.Namespace) -> bool:
    """Return True when the command may write its folder (and so takes its lock)."""
    name = getattr(args.func, "__name__", "")
    if getattr(args, "folder", None) is None:
        return False
    if name == "cmd_duplicates":
        return bool(getattr(args, "distinct", None))
    return name not in READ_ONLY_COMMANDS


_HINTS = {
    errno.ENOSPC: "the disk is full; free some space and run the command again",
    errno.EDQUOT: "the disk quota is used up; free some space and run the command again",
    errno.EFBIG: "a file-size limit stopped the write (see `ulimit -f`)",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied; check the permissions of the folder and its files",
    errno.EPERM: "operation not permitted; check the permissions of the folder and its files",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "is a folder, not a file",
    errno.EEXIST: "already exists (is --into a file?)",
    errno.ENAMETOOLONG: "the path is too long",
    errno.EMFILE: "too many open files",
}


def environment_message(exc: OSError) -> str:
    """Return an error from the environment as one line naming the path and what to do.

    A write that fails this way changed nothing (every write is atomic), so
    the line says so.

    Examples
    --------
    >>> import errno
    >>> print(environment_message(OSError(errno.ENOSPC, "No space left on device", "n/a.csv")))
    n/a.csv: the disk is full; free some space and run the command again (nothing was changed)
    """
    path = exc.filename
    where = str(Path(str(path))) if path is not None else ""
    if exc.filename2 is not None:
        where += f" -> {exc.filename2}"
    what = _HINTS.get(exc.errno or -1) or (exc.strerror or str(exc)).rstrip(".").lower()
    if isinstance(exc, FileExistsError) and exc.errno is None:
        what = "already exists (is --into a file?)"
    text = f"{where}: {what}" if where else what
    return f"{text} (nothing was changed)"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    given = [str(a) for a in (sys.argv[1:] if argv is None else argv)]
    for stream in (sys.stdout, sys.stderr):
        # a terminal that cannot show a character (PYTHONIOENCODING=ascii, an old console)
        # gets an escape for it, not a traceback after the command has done its work
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    parser = build_parser()
    args = parser.parse_args(rewrite_argv(given))
    out = Output(json=getattr(args, "json", False))
    try:
        resolve_folder(args)
        with contextlib.ExitStack() as stack:
            if _writes(args):
                create = getattr(args.func, "__name__", "") in CREATING_COMMANDS
                stack.enter_context(folder_lock(args.folder, create=create))
            stack.enter_context(recording(shlex.join(["tiegraph", *given])))
            status = args.func(args, out)
    except TiegraphError as exc:
        out.error(str(exc))
        return 1
    except OSError as exc:  # the environment: permissions, a full disk, a path that is a file
        out.error(environment_message(exc))
        return 1
    except KeyboardInterrupt:
        out.error("interrupted")
        return 130
    return int(status or 0)


def _entry() -> None:  # pragma: no cover - console script
    sys.exit(main())
