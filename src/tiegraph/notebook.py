"""Notebook helpers: the date a notebook looks from, tables to read, an "as of" line under each.

A notebook names one thing, its network folder. :func:`default_as_of` picks
the date to look from: the sample's own date (:data:`tiegraph.SAMPLE_AS_OF`)
for the bundled sample, whose history ends there, and today for any other
folder. The :class:`AsOf` it returns is a :class:`datetime.date` that knows
why it was picked, so ``load_network(FOLDER, as_of=AS_OF)`` takes it as it
is, and :func:`caption` puts its line under a table, a figure or a map.
:func:`display_table` shows a table as a person reads it: scores to two
decimals, dates as dates, whole numbers without a decimal point and nothing
for a missing value; the DataFrame itself keeps every digit.

Examples
--------
>>> import tiegraph
>>> AS_OF = default_as_of(tiegraph.sample_folder())
>>> AS_OF.line
"as of 2026-06-30, the sample's date"
>>> default_as_of("mynet/", today="2026-11-25").line
'as of today, 2026-11-25'
>>> print(caption("a table", AS_OF))
a table
as of 2026-06-30, the sample's date
"""

from __future__ import annotations

import base64
import datetime
import html
import io
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd
from matplotlib.figure import Figure

from .dates import to_timestamp
from .exceptions import ConfigError
from .sample import SAMPLE_AS_OF, is_sample_folder

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

__all__ = [
    "HIDDEN_COLUMNS",
    "SAMPLE_REASON",
    "TODAY_REASON",
    "AsOf",
    "Captioned",
    "caption",
    "default_as_of",
    "display_table",
    "featured_person",
    "target_org",
]

#: The reason of an :class:`AsOf` that is the sample's own date.
SAMPLE_REASON = "the sample's date"
#: The reason of an :class:`AsOf` that is today.
TODAY_REASON = "today"


class AsOf(datetime.date):
    """A date to look at a network from, and why that date.

    It is a :class:`datetime.date` (``str(AS_OF)`` is ``"2026-06-30"``), so
    every function that takes ``as_of`` takes it; its :attr:`line` says the
    date and the reason, and a notebook displays it as that line.

    Parameters
    ----------
    year, month, day : int
        The date.
    reason : str
        Why this date: :data:`TODAY_REASON`, :data:`SAMPLE_REASON`, or empty
        for a date chosen by hand.

    Examples
    --------
    >>> AsOf(2026, 6, 30, reason="the sample's date")
    AsOf(2026, 6, 30, reason="the sample's date")
    >>> str(AsOf(2026, 6, 30)), AsOf(2026, 6, 30) == datetime.date(2026, 6, 30)
    ('2026-06-30', True)
    """

    __slots__ = ("_reason",)
    _reason: str

    def __new__(cls, year: int, month: int, day: int, reason: str = "") -> AsOf:  # noqa: D102
        self = super().__new__(cls, year, month, day)
        self._reason = str(reason)
        return self

    @classmethod
    def of(cls, when: object, reason: str = "") -> AsOf:
        """Return the date of ``when`` (date-like; a time is taken in UTC) with ``reason``.

        Parameters
        ----------
        when : date-like
            A date, a ``YYYY-MM-DD`` text, a timestamp, or an :class:`AsOf`
            (its reason is kept unless ``reason`` is given).
        reason : str
            Why this date.

        Raises
        ------
        ConfigError
            ``when`` is not a date.

        Examples
        --------
        >>> AsOf.of("2025-01-31T23:30:00-02:00").line
        'as of 2025-02-01'
        """
        if isinstance(when, AsOf) and not reason:
            return when
        day = to_timestamp(when).date()
        return cls(day.year, day.month, day.day, reason)

    @property
    def reason(self) -> str:
        """Why this date (empty for a date chosen by hand)."""
        return self._reason

    @property
    def line(self) -> str:
        """Date and why: ``as of today, 2026-11-25``, ``as of 2026-06-30, the sample's date``."""
        if self._reason == TODAY_REASON:
            return f"as of today, {self.isoformat()}"
        if self._reason:
            return f"as of {self.isoformat()}, {self._reason}"
        return f"as of {self.isoformat()}"

    def __repr__(self) -> str:
        reason = f", reason={self._reason!r}" if self._reason else ""
        return f"{type(self).__name__}({self.year}, {self.month}, {self.day}{reason})"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.line)}</p>"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.year, self.month, self.day, self._reason))


def default_as_of(folder: str | os.PathLike[str], *, today: object | None = None) -> AsOf:
    """Return the date a notebook looks at ``folder`` from, and why.

    Parameters
    ----------
    folder : path-like
        The network folder.
    today : date-like, optional
        The date that is today (default: the current date in UTC, the date
        :func:`tiegraph.load_network` looks from when given none).

    Returns
    -------
    AsOf
        :data:`tiegraph.SAMPLE_AS_OF` with :data:`SAMPLE_REASON` for the
        bundled sample folder (:func:`tiegraph.sample.is_sample_folder`; its
        history ends there, so its answers never drift with the calendar),
        otherwise today with :data:`TODAY_REASON`.

    Examples
    --------
    >>> import tiegraph
    >>> default_as_of(tiegraph.sample_folder())
    AsOf(2026, 6, 30, reason="the sample's date")
    >>> default_as_of("mynet/", today="2026-11-25")
    AsOf(2026, 11, 25, reason='today')
    """
    if is_sample_folder(folder):
        return AsOf.of(SAMPLE_AS_OF, SAMPLE_REASON)
    return AsOf.of(today, TODAY_REASON)


class Captioned:
    """Something to display (a table, a figure, a map, a text) with a line under it.

    Made by :func:`caption`. In Jupyter it displays as HTML: the object's own
    HTML (a figure as its PNG image), then the line; as text (``repr``), the
    object's text, then the line on a line of its own.
    """

    __slots__ = ("line", "obj")

    def __init__(self, obj: Any, line: str) -> None:
        self.obj = obj
        self.line = line

    def _body_html(self) -> str:
        obj = self.obj
        if isinstance(obj, str):
            return f"<pre>{html.escape(obj)}</pre>"
        rich = getattr(obj, "_repr_html_", None)
        out = rich() if callable(rich) else None
        if out is not None:
            return str(out)
        png = _png(obj)
        if png is not None:
            data = base64.b64encode(png).decode("ascii")
            return f'<img src="data:image/png;base64,{data}">'
        return f"<pre>{html.escape(repr(obj))}</pre>"

    def _repr_html_(self) -> str:
        line = html.escape(self.line)
        return f'{self._body_html()}\n<p style="margin-top: 0.3em; color: #555">{line}</p>'

    def __repr__(self) -> str:
        body = self.obj if isinstance(self.obj, str) else repr(self.obj)
        return f"{body}\n{self.line}"


def _png(obj: Any) -> bytes | None:
    """Return a figure (or the figure of axes) as PNG bytes; None for anything else."""
    own = getattr(obj, "_repr_png_", None)
    if callable(own):
        out = own()
        if isinstance(out, bytes):
            return out
    fig = obj if isinstance(obj, Figure) else getattr(obj, "figure", None)
    if not isinstance(fig, Figure):
        return None
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def caption(obj: Any, as_of: AsOf | nx.Graph | object) -> Captioned:
    """Return ``obj`` to display with an "as of" line under it.

    Parameters
    ----------
    obj : object
        What a notebook cell shows: a DataFrame, a figure (or axes), a map
        (:func:`tiegraph.viz.show`), chains, a text.
    as_of : AsOf, networkx.Graph or date-like
        The date the output is as of: an :class:`AsOf` (its line says why),
        a network graph (its ``as_of``) or a date.

    Returns
    -------
    Captioned
        Displays ``obj``, then the line (``"as of 2026-06-30, the sample's
        date"``). ``obj`` is not changed.

    Raises
    ------
    ConfigError
        ``as_of`` is not a date.

    Examples
    --------
    >>> import networkx as nx, pandas as pd
    >>> G = nx.Graph(as_of=pd.Timestamp("2025-03-01", tz="UTC"))
    >>> caption(pd.DataFrame({"strength": [0.5]}), G).line
    'as of 2025-03-01'
    """
    when = as_of.graph.get("as_of") if isinstance(as_of, nx.Graph) else as_of
    if when is None:
        raise ConfigError("caption: as_of must be a date, an AsOf or a graph with an as_of")
    return Captioned(obj, AsOf.of(when).line)


def target_org(G: nx.Graph, target: str | None = None) -> str:
    """Return the organisation a notebook looks into: ``target``, else the folder's first target.

    Parameters
    ----------
    G : networkx.Graph
        A network graph (its ``targets``, from ``[targets] orgs`` in
        ``network.toml``).
    target : str, optional
        An organisation the user named; returned as it is (the analyses
        resolve names and aliases).

    Raises
    ------
    ConfigError
        No ``target`` and no target organisation in the folder's settings.

    Examples
    --------
    >>> import networkx as nx
    >>> target_org(nx.Graph(targets=("AFSCME", "SEIU"))), target_org(nx.Graph(), "Acme")
    ('AFSCME', 'Acme')
    """
    if target is not None and str(target).strip():
        return str(target)
    targets = tuple(G.graph.get("targets") or ())
    if not targets:
        raise ConfigError(
            'no target organisation: name one (TARGET = "AFSCME"), or list yours '
            'in network.toml ([targets] orgs = ["AFSCME"])'
        )
    return str(targets[0])


def featured_person(G: nx.Graph, table: pd.DataFrame | None = None) -> str:
    """Return whose tie a notebook shows: the first of ``table``, else the owner's strongest tie.

    Parameters
    ----------
    G : networkx.Graph
        A network graph.
    table : DataFrame, optional
        A ranked table of people with an ``id`` column (e.g.
        :func:`tiegraph.dormant_ties`); empty or None falls back to the
        owner's strongest tie (a young network has no dormant tie yet).

    Raises
    ------
    ConfigError
        The table is empty and the owner has no tie.

    Examples
    --------
    >>> import networkx as nx, pandas as pd
    >>> G = nx.Graph(me="me")
    >>> G.add_edge("me", "ann", strength=0.2)
    >>> G.add_edge("me", "bob", strength=0.7)
    >>> featured_person(G, pd.DataFrame({"id": ["ann"]})), featured_person(G, pd.DataFrame())
    ('ann', 'bob')
    """
    if table is not None and len(table) and "id" in table.columns:
        return str(table["id"].iloc[0])
    me = G.graph.get("me", "me")
    ties = G[me] if me in G else {}
    if not ties:
        raise ConfigError("no tie to show: the owner has no tie in this network yet")
    return str(min(ties, key=lambda n: (-ties[n].get("strength", 0.0), str(n))))


#: Columns :func:`display_table` leaves out by default: ids a person does not read.
HIDDEN_COLUMNS = ("people",)


def display_table(
    frame: pd.DataFrame, *, digits: int = 2, hide: Iterable[str] = HIDDEN_COLUMNS
) -> Styler:
    """Return a table to display in a notebook as a person reads it.

    Parameters
    ----------
    frame : DataFrame
        A table of tiegraph's (or any). Not changed: only its display is.
    digits : int
        Decimals of real numbers (scores, strengths; default 2).
    hide : iterable of str
        Columns not to show (default: ``people``, the ids of a chain, which
        its ``chain`` column names).

    Returns
    -------
    pandas.io.formats.style.Styler
        The table without its index; real numbers to ``digits`` decimals,
        whole numbers (also nullable ``Int64`` ones) as they are, dates and
        times as ``YYYY-MM-DD``, tuples and lists as ``a, b``, missing
        values empty. Pass it to :func:`caption` for an "as of" line.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"score": [0.788503], "days_quiet": pd.array([None], dtype="Int64"),
    ...                    "last_contact": [pd.Timestamp("2024-11-06 01:00", tz="UTC")],
    ...                    "target_orgs": [("AFSCME", "SEIU")]})
    >>> html_text = display_table(df).to_html()
    >>> "0.79" in html_text, "2024-11-06<" in html_text, "AFSCME, SEIU" in html_text
    (True, True, True)
    """
    gone = set(hide)
    shown = frame[[c for c in frame.columns if c not in gone]]
    formats = {c: _formatter(shown[c], digits) for c in shown.columns}
    return shown.style.format(formats, na_rep="").hide(axis="index")


def _formatter(col: pd.Series, digits: int) -> Any:
    """Return how one column is shown (see :func:`display_table`)."""
    if pd.api.types.is_bool_dtype(col):
        return None
    if pd.api.types.is_datetime64_any_dtype(col) or pd.api.types.is_integer_dtype(col):
        return _cell
    if pd.api.types.is_float_dtype(col):
        return f"{{:.{digits}f}}"
    return _cell


def _cell(value: Any) -> str:
    """Return a cell as text: a date as a date, a sequence joined, missing as nothing."""
    if isinstance(value, (tuple, list)):
        return ", ".join(map(str, value))
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return ""
    if isinstance(value, (pd.Timestamp, datetime.datetime)):
        return f"{value:%Y-%m-%d}"
    return str(value)
