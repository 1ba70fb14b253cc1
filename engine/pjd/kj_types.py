"""R5 on the KJ path: the document types (Volven 9602 typeCode) a class may have there.

The parameter `dokumenttyper_kjernejournal` (`parametere.json`) maps a class code to the type
codes of that class the Kjernejournal list may hold (of correspondence, `I00-1`, only
referrals); a class without an entry has no such limit. Read and checked once, when the pack
loads: each class is a code of the class list, each type of the 9602 type form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from engine.errors import PolicyError

PARAMETER = "dokumenttyper_kjernejournal"
_FILE = "parametere.json"
KjTypes = Mapping[str, frozenset[str]]


def read_kj_types(parameters: Mapping[str, Any], classes: Iterable[str], fmt: str) -> KjTypes:
    """The table, checked: known classes, type codes of the form `fmt`; none is no limit."""
    table = parameters.get(PARAMETER, {})
    known = set(classes)
    if not isinstance(table, dict):
        raise PolicyError(_FILE, 0, f"{PARAMETER}: a table of class code → type codes")
    out = {}
    for cls, types in sorted(table.items()):
        if cls not in known:
            raise PolicyError(_FILE, 0, f"{PARAMETER}: {cls!r} is not a class code")
        if not isinstance(types, list) or not all(
            isinstance(t, str) and re.fullmatch(fmt, t) for t in types
        ):
            raise PolicyError(_FILE, 0, f"{PARAMETER}.{cls}: a list of 9602 type codes")
        out[cls] = frozenset(types)
    return out
