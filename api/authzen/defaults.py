"""AuthZEN batch defaults: the top-level subject, action, resource and context of a batch fill
in what an item leaves out.

- An item without a key takes the top-level value whole.
- An item's subject or resource without `type` or `id` (an action without `name`) is completed
  from the top-level one, key by key, the item's keys winning: `{"properties": {…}}` alone is
  the default entity with those properties.
- A complete item entity replaces the default whole (the spec's whole-object override): the
  properties of the default entity are never carried onto another entity.
- `context` is merged key by key, the item's keys winning.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

KEYS = ("subject", "action", "resource", "context")
IDENTIFIERS = {"subject": ("type", "id"), "resource": ("type", "id"), "action": ("name",)}


def _merged(key: str, default: object, given: object) -> object:
    if not isinstance(default, dict) or not isinstance(given, dict):
        return given  # a malformed value is the item's own, reported by its evaluation
    if key != "context" and all(given.get(k) is not None for k in IDENTIFIERS[key]):
        return given
    return default | given


def with_defaults(defaults: Mapping[str, Any], item: Mapping[str, Any]) -> dict[str, Any]:
    """One batch item with the batch's defaults filled in."""
    merged = dict(defaults)
    for key in KEYS:
        if item.get(key) is not None:
            merged[key] = _merged(key, defaults.get(key), item[key])
    return merged
