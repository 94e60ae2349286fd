"""Write a stand-alone HTML page (the interactive network view).

Nothing outside :mod:`tiegraph.io` opens a file: the ``view`` command and
:func:`tiegraph.viz.save` write their page through :func:`write_html`, which
goes through :func:`~tiegraph.io._text.atomic_write`, so a failed write
leaves no half-written page behind.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..exceptions import ConfigError
from ._text import atomic_write

__all__ = ["write_html"]


def write_html(path: str | os.PathLike[str], html: str) -> Path:
    """Write ``html`` to ``path`` (UTF-8) atomically and return the path.

    Parameters
    ----------
    path : path-like
        The page to write; its folder is created when missing.
    html : str
        The whole page.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    ConfigError
        ``path`` is an existing folder.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_html(Path(tmp) / "page.html", "<p>hi</p>")
    ...     out.read_text(encoding="utf-8")
    '<p>hi</p>'
    """
    target = Path(path)
    if target.is_dir():
        raise ConfigError(
            f"--out: {str(target)!r} is a folder; give a file name such as network.html"
        )
    atomic_write({target: html})
    return target
