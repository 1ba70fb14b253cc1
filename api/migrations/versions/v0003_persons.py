"""Persons: what the population register says of a person (R34).

Revision 0003, after 0002. The table `person`: a person id, the address protection (`fortrolig`,
`strengt_fortrolig`, or null for none) and the date of death (null: alive), replaced with the
rest of the registry by `PUT /v1/registry` and `pjd registry import`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("pid", sa.String(length=11), nullable=False),
        sa.Column("address_protection", sa.String(length=20), nullable=True),
        sa.Column("deceased_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "address_protection IS NULL OR "
            "address_protection IN ('fortrolig', 'strengt_fortrolig')",
            name="ck_person_address_protection",
        ),
        sa.PrimaryKeyConstraint("pid"),
    )


def downgrade() -> None:
    raise NotImplementedError("the access log is legal evidence: no revision goes down")
