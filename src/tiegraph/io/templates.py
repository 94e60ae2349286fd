"""Message templates for drafts: the ones shipped with tiegraph, or your own edited copies.

A template is a plain-text file named for the kind of ask (``intro.txt``,
``names.txt``, ...) with ``$placeholders`` (Python :class:`string.Template`
syntax) that :func:`tiegraph.drafts.draft` fills in. Your own version of a
template goes in a ``templates/`` folder of the network folder and is used
instead of the shipped one; a template of a new name adds a kind of draft.

Examples
--------
>>> "intro" in template_names()
True
>>> read_template("thanks").startswith("Hi $first_name")
True
"""

from __future__ import annotations

import os
from pathlib import Path

from ..exceptions import NotFoundError
from ._text import read_text

__all__ = ["TEMPLATES", "read_template", "template_names", "user_templates"]

#: The folder of the templates shipped with tiegraph.
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

_SUFFIX = ".txt"


def user_templates(folder: str | os.PathLike[str]) -> Path:
    """Return the folder of a network folder's own templates (``FOLDER/templates``)."""
    return Path(folder) / "templates"


def template_names(folder: str | os.PathLike[str] | None = None) -> tuple[str, ...]:
    """Return the names of the templates there are: shipped ones and those in ``folder``."""
    names = {p.stem for p in TEMPLATES.glob(f"*{_SUFFIX}")}
    if folder is not None and Path(folder).is_dir():
        names |= {p.stem for p in Path(folder).glob(f"*{_SUFFIX}")}
    return tuple(sorted(names))


def read_template(name: str, folder: str | os.PathLike[str] | None = None) -> str:
    """Return the text of template ``name``: from ``folder`` when it has one, else shipped.

    Raises
    ------
    NotFoundError
        No template of that name (the message lists the ones there are).
    DataError
        The file cannot be read as text.
    """
    for where in ([Path(folder)] if folder is not None else []) + [TEMPLATES]:
        path = where / f"{name}{_SUFFIX}"
        if path.is_file():
            return read_text(path)
    raise NotFoundError("template", name, list(template_names(folder)))
