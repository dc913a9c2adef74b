"""A tiny TOML writer for arrays of flat tables (tomllib only reads)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")

Value = str | int | float | bool | list | tuple


def quote(text: str) -> str:
    """Return text as a TOML basic string."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def key_text(key: str) -> str:
    """Return key bare when TOML allows it, quoted otherwise."""
    return key if _BARE_KEY.match(key) else quote(key)


def value(v: Value) -> str:
    """Return a TOML literal for a string, number, boolean or list of those."""
    if isinstance(v, bool):  # bool first: it is also an int
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return quote(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def dumps_tables(name: str, tables: Iterable[Mapping[str, Value]], header: str = "") -> str:
    """Write `[[name]]` tables, one `key = value` line per entry, with an optional # header."""
    lines = [f"# {line}" for line in header.splitlines()]
    for table in tables:
        if lines:
            lines.append("")
        lines.append(f"[[{name}]]")
        lines.extend(f"{key_text(key)} = {value(v)}" for key, v in table.items())
    return "\n".join(lines) + "\n"
