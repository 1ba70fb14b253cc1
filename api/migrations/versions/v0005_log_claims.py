"""The access log stores where the requester's claims came from, in chain version 2.

Revision 0005, after 0004. `access_log.claims`: `helseid` (a HelseID access token), `saml` (an
XUA assertion), `token` (a citizen's claims in the caller's token) or `unverified` (JSON nobody
signed, where PJD_ACCEPT_UNVERIFIED_CLAIMS lets it decide); null for records written before,
which verify as they were written (chain versions 0 and 1). Released revisions are never edited
(`released.sha256`); a change of schema is a new revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("access_log") as table:
        table.add_column(sa.Column("claims", sa.String(length=16), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("the access log is legal evidence: no revision goes down")
