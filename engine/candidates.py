"""What an AuthZEN search may find in a generic pack: its stored entities and declared actions.

Pure: no I/O. The candidates are those the pack holds — the entities of `entities.json` of one
type, looked up as the generic mapping looks types up (`engine.generic`), and the actions its
schema declares — in the order the pack writes them. Whether a candidate is a result is for
Cedar to decide; an undeclared type has no candidates.
"""

from __future__ import annotations

from engine.cedar_engine import CedarEngine
from engine.generic import UndeclaredError, action_types, entity_type


def stored_ids(engine: CedarEngine, type_name: str) -> list[str]:
    """The ids of the stored entities of the type `type_name` names; none if it is undeclared."""
    try:
        kind = entity_type(engine, "type", type_name).name
    except UndeclaredError:
        return []
    return [entity_id for stored_type, entity_id in engine.stored if stored_type == kind]


def action_names(engine: CedarEngine) -> list[str]:
    """The names of the actions the schema declares where an action name is looked up."""
    names: dict[str, None] = {}
    for kind in action_types(engine):
        names |= {name: None for action_type, name in engine.info.actions if action_type == kind}
    return list(names)
