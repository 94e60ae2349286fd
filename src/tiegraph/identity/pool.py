"""The known people an incoming record is compared with, one by one.

:class:`Pool` holds the existing contacts and the new people of the file,
indexed by identity key and by organisation; the existing contacts are
indexed as whole columns and read into dicts only when a record is compared
with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .. import schema as S
from ..keys import Keys, conflicting_kinds
from ..names import name_key, name_match
from ..orgs import OrgIndex, org_key
from .merging import empty

__all__ = ["KIND_WORD", "KeyTable", "Pool", "cached_name_key", "names_compatible"]

KIND_WORD = {"email": "email", "url": "profile URL", "phone": "phone number"}


#: name keys, cached: imports compare the same names again and again
cached_name_key = lru_cache(maxsize=1 << 17)(name_key)


def _wordless(name: str) -> bool:
    """Whether a "name" is no name: empty, only an email address, a web address or a number."""
    text = name.strip()
    if not any(c.isalpha() for c in text):
        return True  # empty, a phone number, a number
    return " " not in text and ("@" in text or "/" in text)


def names_compatible(a: str, b: str) -> bool:
    """Whether two names could be one person's, for two rows that share a key.

    A shared office phone or a team address must not make two colleagues
    one person: the names must match at least loosely (the same name, a
    nickname, an initial, :func:`tiegraph.names.name_match`). A "name" that
    is only an email address, a web address or a number (a source with no
    name) fits any; a name with a digit in it is still a name.

    Examples
    --------
    >>> names_compatible("Jane Doe", "jane@afscme.org")
    True
    >>> names_compatible("Jane Doe", "+1 415 555 0123")
    True
    >>> names_compatible("Jane Doe", "Bob Lee")
    False
    >>> names_compatible("Room 2 front desk", "Bob Lee")
    False
    """
    if _wordless(a) or _wordless(b):
        return True
    if name_key(a) == name_key(b):
        return True
    return name_match(a, b) is not None


class Rows:
    """Rows of a frame as dicts, read from its columns when first needed (plus rows appended)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.n_old = len(frame)
        self.cache: dict[int, dict[Any, Any]] = {}
        self.new: list[dict[Any, Any]] = []
        self.columns: dict[Any, list[Any]] | None = None

    def __len__(self) -> int:
        return self.n_old + len(self.new)

    def __getitem__(self, pos: int) -> dict[Any, Any]:
        if pos >= self.n_old:
            return self.new[pos - self.n_old]
        if pos not in self.cache:
            self.cache[pos] = self.row(pos)
        return self.cache[pos]

    def row(self, pos: int) -> dict[Any, Any]:
        """Return known row ``pos`` as ``to_dict("records")`` gives it (from columns read once)."""
        if self.columns is None:
            self.columns = {c: self.frame[c].tolist() for c in self.frame.columns}
        return {c: values[pos] for c, values in self.columns.items()}

    def append(self, row: dict[Any, Any]) -> None:
        self.new.append(row)


class KeyTable:
    """The identity keys of rows, from :func:`tiegraph.keys.key_table`, as :class:`Keys`."""

    def __init__(self, table: pd.DataFrame, n: int) -> None:
        rows = table["row"].to_numpy()
        self.starts = np.searchsorted(rows, np.arange(n + 1))
        self.kinds = table["kind"].to_numpy()
        self.values = table["key"].to_numpy()

    def keys(self, row: int) -> Keys:
        """Return the keys of one row."""
        out = Keys()
        for i in range(self.starts[row], self.starts[row + 1]):
            getattr(out, self.kinds[i]).add(self.values[i])
        return out


class _KeyList:
    """The pool's keys by position: the known contacts' built when first needed."""

    def __init__(self, table: KeyTable, n_old: int) -> None:
        self.table = table
        self.n_old = n_old
        self.cache: dict[int, Keys] = {}
        self.new: list[Keys] = []

    def __getitem__(self, pos: int) -> Keys:
        if pos >= self.n_old:
            return self.new[pos - self.n_old]
        if pos not in self.cache:
            self.cache[pos] = self.table.keys(pos)
        return self.cache[pos]

    def __setitem__(self, pos: int, keys: Keys) -> None:
        if pos >= self.n_old:
            self.new[pos - self.n_old] = keys
        else:
            self.cache[pos] = keys

    def append(self, keys: Keys) -> None:
        self.new.append(keys)


class _Buckets:
    """Positions by label (a key, an organisation), built as whole columns, read as lists.

    Behaves as the ``dict`` of lists it replaces (``in``, ``[]``, ``get``,
    ``setdefault``); a label's list is made when it is first asked for.
    """

    def __init__(self, labels: np.ndarray, positions: np.ndarray, label_of: Any = None) -> None:
        codes, uniq = pd.factorize(labels)
        self.index = pd.Index(uniq)
        order = np.argsort(codes, kind="stable")
        self.positions = positions[order]
        self.starts = np.searchsorted(codes[order], np.arange(len(uniq) + 1))
        self.label_of = label_of or (lambda key: key)
        self.lists: dict[Any, list[int]] = {}

    def _load(self, key: Any) -> None:
        if key in self.lists:
            return
        try:
            code = self.index.get_loc(self.label_of(key))
        except KeyError:
            return
        assert isinstance(code, int)
        self.lists[key] = self.positions[self.starts[code] : self.starts[code + 1]].tolist()

    def __contains__(self, key: Any) -> bool:
        self._load(key)
        return key in self.lists

    def __getitem__(self, key: Any) -> list[int]:
        self._load(key)
        return self.lists[key]

    def get(self, key: Any, default: Any = None) -> Any:
        self._load(key)
        return self.lists.get(key, default)

    def setdefault(self, key: Any, default: list[int]) -> list[int]:
        self._load(key)
        return self.lists.setdefault(key, default)


class Pool:
    """Known people (existing contacts, then new rows), indexed by key and by name.

    The existing contacts are indexed as whole columns (their keys from
    ``table``, their name keys ``names``); a row is read into a dict only
    when an incoming record is compared with it.
    """

    def __init__(
        self,
        existing: pd.DataFrame,
        table: pd.DataFrame,
        names: np.ndarray,
        orgs: OrgIndex,
        region: str | None,
    ) -> None:
        self.orgs = orgs
        self.region = region
        self.n_old = len(existing)
        self.rows = Rows(existing)
        self.keys = _KeyList(KeyTable(table, self.n_old), self.n_old)
        old = table[table["row"] < self.n_old]
        self.by_key = _Buckets(
            (old["kind"].astype(str) + ":" + old["key"].astype(str)).to_numpy(dtype=object),
            old["row"].to_numpy(),
            lambda pair: pair[0] + ":" + pair[1],
        )
        self._org_keys: dict[str, str] = {}
        self._by_org: _Buckets | None = None
        self.names: dict[int, str] = {}
        self.old_names = names
        #: existing rows with no key (for :meth:`repeated`)
        self.old_keyless = np.setdiff1d(np.arange(self.n_old), old["row"].to_numpy())
        #: keyless rows by what they say (built at the first keyless incoming record)
        self.keyless: dict[tuple[str, ...], int] | None = None

    @property
    def by_org(self) -> _Buckets:
        """Positions by organisation and name key (see :meth:`org_name`; built when asked)."""
        if self._by_org is None:
            org_k = self.org_keys(self.rows.frame[S.ORG])
            has_org = org_k != ""
            at = np.flatnonzero(has_org)
            pairs = zip(org_k[at], self.old_names[at], strict=True)
            labels = [self.org_name(o, str(n)) for o, n in pairs]
            self._by_org = _Buckets(np.asarray(labels, dtype=object), at)
        return self._by_org

    @staticmethod
    def org_name(org_k: str, name_k: str) -> str:
        """Return the label of an organisation key and a name key in :attr:`by_org`."""
        return org_k + "\x1f" + name_k

    def is_new(self, pos: int) -> bool:
        """Whether the person at ``pos`` is new (from this file), not an existing contact."""
        return pos >= self.n_old

    def org_of(self, org: object) -> str:
        """Return the organisation key of ``org`` (aliases from orgs.csv followed)."""
        text = str(org or "").strip()
        if not text:
            return ""
        if text not in self._org_keys:
            self._org_keys[text] = org_key(self.orgs.canonical(text) or text) or text.casefold()
        return self._org_keys[text]

    def org_keys(self, orgs: pd.Series) -> np.ndarray:
        """Return :meth:`org_of` of a column of organisations (each distinct one computed once)."""
        text = orgs.astype(object).where(orgs.notna() & (orgs.astype(str) != ""), "")
        uniq = pd.unique(text.to_numpy())
        keys = {v: self.org_of(v) for v in uniq}
        return text.map(keys).to_numpy(dtype=object)

    def add(self, row: dict[Any, Any], keys: Keys) -> int:
        """Add a new person; return their position."""
        pos = len(self.rows)
        self.rows.append(row)
        self.keys.append(keys)
        self.index(pos)
        if self.keyless is not None and not keys:
            self.keyless.setdefault(self.record(row), pos)
        return pos

    def record(self, row: Mapping[Any, Any]) -> tuple[str, ...]:
        """Return what a keyless row says: name, organisation, title, date and source."""
        since = row.get(S.SINCE)
        return (
            cached_name_key(str(row[S.NAME])),
            self.org_of(row[S.ORG]),
            str(row[S.TITLE]).strip(),
            "" if empty(since) else pd.Timestamp(since).isoformat(),  # type: ignore[arg-type]
            str(row.get(S.SOURCE, "")).strip(),
        )

    def repeated(self, rec: Mapping[Any, Any]) -> int | None:
        """Return the known keyless row that a keyless record repeats, if any.

        The same name, organisation, title, date and source, and no email,
        phone or profile URL on either side: nothing tells the two apart, and
        importing one file twice must not add its people twice (nor a row
        the file holds twice).
        """
        if self.keyless is None:
            self.keyless = {}
            frame = self.rows.frame.iloc[self.old_keyless]
            if len(frame):
                since = (
                    frame[S.SINCE].map(lambda v: "" if empty(v) else pd.Timestamp(v).isoformat())
                    if S.SINCE in frame
                    else pd.Series("", index=frame.index)
                )
                source = (
                    frame[S.SOURCE].astype(str).str.strip()
                    if S.SOURCE in frame
                    else pd.Series("", index=frame.index)
                )
                records = zip(
                    self.old_names[self.old_keyless],
                    self.org_keys(frame[S.ORG]),
                    frame[S.TITLE].astype(str).str.strip(),
                    since,
                    source,
                    strict=True,
                )
                for pos, said in zip(self.old_keyless.tolist(), records, strict=True):
                    self.keyless.setdefault(said, pos)
            for p in range(self.n_old, len(self.rows)):
                if not self.keys[p]:
                    self.keyless.setdefault(self.record(self.rows[p]), p)
        return self.keyless.get(self.record(rec))

    def index(self, pos: int) -> None:
        """Index the person at ``pos`` by their keys and organisation."""
        for pair in self.keys[pos].pairs():
            bucket = self.by_key.setdefault(pair, [])
            if pos not in bucket:
                bucket.append(pos)
        org = self.org_of(self.rows[pos][S.ORG])
        if org:
            bucket = self.by_org.setdefault(self.org_name(org, self.name_of(pos)), [])
            if pos not in bucket:
                bucket.append(pos)

    def name_of(self, pos: int) -> str:
        """Return the name key of the person at ``pos``."""
        if pos < self.n_old:
            return str(self.old_names[pos])
        if pos not in self.names:
            self.names[pos] = cached_name_key(str(self.rows[pos][S.NAME]))
        return self.names[pos]

    def match(self, name: str, org: object, keys: Keys) -> tuple[int | None, str, str]:
        """Return (position, how, note) of the known person this row is, if any."""
        found = {p for pair in keys.pairs() for p in self.by_key.get(pair, ())}
        if found:
            viable = [
                p
                for p in sorted(found)
                if not conflicting_kinds(self.keys[p], keys)
                and names_compatible(str(self.rows[p][S.NAME]), name)
            ]
            if viable:
                shared = {
                    p: [
                        k
                        for k in ("email", "url", "phone")
                        if getattr(self.keys[p], k) & getattr(keys, k)
                    ]
                    for p in viable
                }
                nk = cached_name_key(name)

                def closeness(p: int) -> tuple[int, int, bool, int]:
                    # most kinds of key shared, then most keys, then the same name, then the first
                    known = self.keys[p]
                    n_keys = sum(len(getattr(known, k) & getattr(keys, k)) for k in shared[p])
                    return len(shared[p]), n_keys, self.name_of(p) == nk, -p

                best = max(viable, key=closeness)
                return best, "same " + " and ".join(KIND_WORD[k] for k in shared[best]), ""
            p = min(found)
            kinds = conflicting_kinds(self.keys[p], keys)
            other = self.rows[p][S.ID]
            if kinds:
                words = ", ".join(KIND_WORD[k] + "s" for k in kinds)
                return None, "", f"shares a key with {other} but has different {words}"
            return None, "", f"shares a key with {other} but the names differ"
        org_k = self.org_of(org)
        label = self.org_name(org_k, cached_name_key(name)) if org_k else ""
        if label and label in self.by_org:
            cands = [p for p in self.by_org[label] if not conflicting_kinds(self.keys[p], keys)]
            if len(cands) == 1:
                return cands[0], "same name and organisation", ""
        return None, "", ""
