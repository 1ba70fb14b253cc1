"""The access log stores anonymisation at the time of access (R22), in chain version 1.

Revision 0002, after 0001. `access_log.anonymised`: whether the registry granted the health
worker's organisation anonymisation when the access was decided (null for citizens and for
records written before); `access_log.chain_version`: which fields a record's hash covers (0,
the default, for every record written before: they verify as they were written). Released
revisions are never edited (`released.sha256`); a change of schema is a new revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("access_log") as table:
        table.add_column(sa.Column("anonymised", sa.Boolean(), nullable=True))
        table.add_column(
            sa.Column("chain_version", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    raise NotImplementedError("the access log is legal evidence: no revision goes down")
