"""One rule for a contact reader's list fields: a valid value is kept once, another noted.

The Google/Outlook and vCard readers read emails, phones and web addresses
into lists; :func:`keep_value` is how each value joins its list, and the one
wording of the note for a value left out.
"""

from __future__ import annotations

from ._reading import Problems

__all__ = ["keep_value"]


def keep_value(
    found: list[str], value: str | None, problems: Problems, line: int, shown: str, what: str
) -> None:
    """Append ``value`` to ``found`` unless it is there; note ``shown`` when ``value`` is None.

    ``value`` is the input's value as it is stored (normalised), or None when
    it is not ``what`` (``"an email address"``); ``shown`` names it in the
    note (``"EMAIL 'N/A'"``), which reads ``EMAIL 'N/A' is not an email
    address; left out``.

    Examples
    --------
    >>> problems = Problems("in.vcf", strict=False)
    >>> found = ["a@x.org"]
    >>> keep_value(found, "a@x.org", problems, 3, "EMAIL 'A@x.org'", "an email address")
    >>> keep_value(found, None, problems, 4, "EMAIL 'N/A'", "an email address")
    >>> found, problems.notes
    (['a@x.org'], [(4, "EMAIL 'N/A' is not an email address; left out")])
    """
    if value is None:
        problems.note(line, f"{shown} is not {what}; left out")
    elif value not in found:
        found.append(value)
