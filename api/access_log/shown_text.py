"""Text shown to a citizen that came from someone else (R22): the names in the patient's log.

The patient's view is JSON, and its text fields carry plain text — the name as it is, never HTML:
a client shows it as text (helsenorge does), and HTML entities (`&amp;`) would show as such in
every correct client. What is taken out is what could deceive in any rendering:

- control characters and line or paragraph separators (Unicode Cc, Zl, Zp) become a space, and
  every run of white space becomes one space, trimmed at both ends;
- invisible formatting characters (Unicode Cf: bidi overrides and isolates such as U+202E, which
  reorder what the reader sees, zero-width characters, soft hyphens) are removed.

On the wire, `SafeJSONResponse` writes `<`, `>` and `&` as `\\u003c`, `\\u003e`, `\\u0026`: the same
JSON text to every parser, and the bytes never hold markup, should a page embed them.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from fastapi.responses import JSONResponse

_AS_SPACE = frozenset({"Cc", "Zl", "Zp"})
_REMOVED = frozenset({"Cf"})
_MARKUP = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def _kept(char: str) -> str:
    category = unicodedata.category(char)
    if category in _AS_SPACE:
        return " "
    return "" if category in _REMOVED else char


def shown(text: str | None) -> str | None:
    """`text` fit to show a citizen: no control or invisible formatting characters, white space
    collapsed; None stays None, and text left empty becomes None."""
    if text is None:
        return None
    cleaned = " ".join("".join(_kept(char) for char in text).split())
    return cleaned or None


class SafeJSONResponse(JSONResponse):
    """JSON whose bytes hold no `<`, `>` or `&` (written as `\\u003c` …), the same text parsed."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        for char, escaped in _MARKUP.items():
            text = text.replace(char, escaped)
        return text.encode("utf-8")
