"""Registry and restriction changes record which client made them (trust at the boundary).

Revision 0004, after 0003. `restriction.registered_client` and `restriction.withdrawn_client`: the
`client_id` of the bearer token that registered and withdrew it (null for rows written before,
and for the `pjd` CLI's own changes: `pjd-cli`); `registry_version.changed_by`: the client that
made the registry's current version. Released revisions are never edited (`released.sha256`);
a change of schema is a new revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("restriction") as table:
        table.add_column(sa.Column("registered_client", sa.String(length=200), nullable=True))
        table.add_column(sa.Column("withdrawn_client", sa.String(length=200), nullable=True))
    with op.batch_alter_table("registry_version") as table:
        table.add_column(sa.Column("changed_by", sa.String(length=200), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("the access log is legal evidence: no revision goes down")
