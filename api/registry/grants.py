"""One source's grant for one category, set in place (`pjd registry grant`).

One transaction changes that one row and the registry's version, and it reads the organisation
only once it holds the registry's write lock: the version is bumped first (SQLite takes its
write lock there) and on PostgreSQL the registry's tables are locked as a replace locks them.
So a concurrent replace or grant is neither lost nor overwritten, as it would be by exporting
the registry and replacing it with the export plus the change.
"""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError
from sqlmodel import Session

from api.errors import Conflict, NotFound
from api.models import Organisation, SourceGrant
from api.registry.store import CLI, GrantCategory, GrantIn, bump_version, lock_registry

_CATEGORY: TypeAdapter[str] = TypeAdapter(GrantCategory)


class NotACategory(ValueError):
    """The category is neither a consumer category nor `innbygger`."""


def set_grant(
    session: Session, orgnr: str, category: str, grant: GrantIn, changed_by: str = CLI
) -> None:
    """Set what source `orgnr` shares with `category`, in one transaction; on any error
    nothing changes (NotACategory, NotFound: not in the registry, Conflict: not a source)."""
    try:
        _CATEGORY.validate_python(category)
    except ValidationError as exc:
        raise NotACategory(f"{category!r} is not a category") from exc
    try:
        lock_registry(session)
        bump_version(session, changed_by)
        org = session.get(Organisation, orgnr)
        if org is None:
            raise NotFound(f"{orgnr} is not in the registry")
        if not org.is_source:
            raise Conflict(f"{orgnr} ({org.name}) is not a source")
        session.merge(SourceGrant(orgnr=orgnr, category=category, **grant.model_dump()))
        session.commit()
    except BaseException:
        session.rollback()
        raise
