"""Decoding files other programs wrote, whatever they did to the bytes.

:func:`decode_foreign` serves every reader of a foreign file (through
:func:`tiegraph.io._text.read_foreign_text` for a path, directly for the
files of a LinkedIn export read from its zip): a byte-order mark decides,
UTF-16 without one is seen by its NUL bytes, then UTF-8 is tried, then
Windows-1252, then whatever ``charset-normalizer`` finds. Line ends CR LF,
CR CR LF (an iPhone's) and CR alone all become LF.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from ..exceptions import DataError

__all__ = ["BOMS", "decode_foreign", "read_bytes"]

#: byte-order marks and the encoding each announces
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Return the bytes of a file; a missing, unreadable or folder path is a ``DataError``."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(path, "file not found") from None
    except IsADirectoryError:
        raise DataError(path, "is a folder, not a file") from None
    except PermissionError:
        raise DataError(path, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise DataError(path, f"cannot be read ({exc.strerror or exc})") from None


def decode_foreign(
    data: bytes,
    path: str | os.PathLike[str],
    encoding: str | None = None,
    *,
    mixed_lines: bool = False,
) -> tuple[str, str, str | None]:
    r"""Return ``(text, encoding used, note)`` for the bytes of a file another program wrote.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    path : path-like
        The file, for messages.
    encoding : str, optional
        Force an encoding; bytes that are not in it are an error naming the
        line of the first one.
    mixed_lines : bool
        Read a file that is mostly UTF-8 line by line: a lone odd byte as
        Windows-1252, a character cut in the middle as U+FFFD (files pasted
        together from two exports, a name cut by some tool; ``note`` says
        which lines), rather than the whole file as Windows-1252, which would
        garble every other accented letter; a BOM or UTF-16 file's broken
        sequences become U+FFFD. Without it, bytes that are not UTF-8 make
        the whole file Windows-1252.

    Returns
    -------
    tuple
        The text (line ends LF, no BOM; control characters are left to the
        caller), the encoding (``utf-8``, ``utf-16``, ``cp1252``, ...) and a
        note on odd bytes, or None.

    Raises
    ------
    DataError
        The file is empty, binary, or not in the forced encoding.

    Examples
    --------
    >>> decode_foreign("Jörg\r\n".encode("cp1252"), "x.csv")
    ('Jörg\n', 'cp1252', None)
    >>> decode_foreign("Jörg\n".encode() + b"J\xf6rg\n", "x.csv", mixed_lines=True)[0]
    'Jörg\nJörg\n'
    """
    if not data.strip():
        raise DataError(path, "file is empty")
    note = None
    text: str | None = None
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise DataError(
                path, f"byte {data[exc.start : exc.start + 4]!r} is not valid {encoding}", row=line
            ) from None
        except LookupError:
            raise DataError(path, f"unknown encoding {encoding!r}") from None
        used = encoding
    else:
        used = next((name for mark, name in BOMS if data.startswith(mark)), "")
        if not used and b"\x00" in data[:4096]:
            head = data[:4096]
            if head[1::2].count(0) > len(head) // 4:
                used = "utf-16-le"
            elif head[0::2].count(0) > len(head) // 4:
                used = "utf-16-be"
            else:
                raise DataError(path, "is a binary file, not text")
        if used:
            try:
                text = data.decode(used, errors="replace" if mixed_lines else "strict")
            except UnicodeDecodeError:
                text = None
        else:
            try:
                text, used = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                if mixed_lines:
                    text, used, note = _mostly_utf8(data)
                else:
                    try:
                        text, used = data.decode("cp1252"), "cp1252"
                    except UnicodeDecodeError:
                        text = None
        if text is None:
            from charset_normalizer import from_bytes

            best = from_bytes(data).best()
            if best is None or best.encoding is None:
                raise DataError(path, "is not text in any encoding tiegraph recognises")
            text, used = str(best), best.encoding
    used = {"utf-8-sig": "utf-8", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(used, used)
    text = text.lstrip("\ufeff").replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    return text, used, note


def _lines_of(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:5]))
    return shown + (f" and {len(numbers) - 5} more" if len(numbers) > 5 else "")


def _mixed_line(line: bytes) -> tuple[str, bool, bool]:
    """Decode one line of UTF-8 with odd bytes; also say whether it had latin or cut bytes."""
    out = []
    latin = cut = False
    while True:
        try:
            out.append(line.decode("utf-8"))
            return "".join(out), latin, cut
        except UnicodeDecodeError as exc:
            out.append(line[: exc.start].decode("utf-8"))
            bad = line[exc.start : exc.end]
            if len(bad) > 1:  # the start of a character whose end is missing
                out.append("\ufffd")
                cut = True
            else:  # one byte of a one-byte encoding: J\xf6rgensen
                out.append(bad.decode("cp1252", errors="replace"))
                latin = True
            line = line[exc.end :]


def _mostly_utf8(data: bytes) -> tuple[str, str, str | None]:
    r"""Decode bytes that are not all UTF-8.

    Without a single UTF-8 sequence in them they are Windows-1252 (else
    whatever ``charset-normalizer`` finds). Otherwise the file is UTF-8 with
    some odd bytes -- files pasted together from two exports, rows typed in
    a Windows-1252 Excel (``Universit\xc3\xa4tsklinikum St P\xf6lten``), names
    cut in the middle of a character by some tool (``Bil\xef\xbf``): a lone
    odd byte is read as Windows-1252, a cut-off character as U+FFFD.
    """
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = sum(1 for ch in replaced if ord(ch) > 127) - bad
    if good <= 0:
        try:
            return data.decode("cp1252"), "cp1252", None
        except UnicodeDecodeError:
            pass
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding is not None:
            return str(best), best.encoding, None
    out = []
    latin: list[int] = []
    cut: list[int] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        text, is_latin, is_cut = _mixed_line(line)
        out.append(text)
        if is_latin:
            latin.append(number)
        if is_cut:
            cut.append(number)
    said = []
    if latin:
        said.append(f"line(s) {_lines_of(latin)} have bytes that are not UTF-8: read as cp1252")
    if cut:
        said.append(f"line(s) {_lines_of(cut)} have cut-off UTF-8 characters: read as \ufffd")
    return "\n".join(out), "utf-8", "; ".join(said)
