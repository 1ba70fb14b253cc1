"""Baseline: the schema as the service created it before it had migrations.

Revision 0001, the first. The registry (organisation, source_grant, gp_list_entry,
registry_version), the restrictions and the access log with its chain head, exactly as
`SQLModel.metadata.create_all` made them. `schema()` is that schema, frozen here in plain
SQLAlchemy types: `api.migrations` also holds a database made before migrations against it
before stamping it with this revision. Released revisions are never edited (`released.sha256`);
a change of schema is a new revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def schema() -> sa.MetaData:
    """The baseline's tables, columns, constraints and indexes."""
    metadata = sa.MetaData()
    _registry(metadata)
    _restrictions(metadata)
    _access_log(metadata)
    return metadata


def _registry(metadata: sa.MetaData) -> None:
    """Organisations, source grants, the GP list and the registry's version."""
    sa.Table(
        "gp_list_entry",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient", sa.String(length=11), nullable=False),
        sa.Column("gp_hpr", sa.String(length=9), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_gp_list_entry_patient", "patient"),
    )
    sa.Table(
        "organisation",
        metadata,
        sa.Column("orgnr", sa.String(length=9), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("is_consumer", sa.Boolean(), nullable=False),
        sa.Column("helsenett_member", sa.Boolean(), nullable=True),
        sa.Column("pjd_terms", sa.Boolean(), nullable=True),
        sa.Column("consumer_active_from", sa.Date(), nullable=True),
        sa.Column("consumer_active_to", sa.Date(), nullable=True),
        sa.Column("log_anonymised", sa.Boolean(), nullable=True),
        sa.Column("is_source", sa.Boolean(), nullable=False),
        sa.Column("source_active_from", sa.Date(), nullable=True),
        sa.Column("source_active_to", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "NOT is_consumer OR (helsenett_member IS NOT NULL AND pjd_terms IS NOT NULL"
            " AND consumer_active_from IS NOT NULL)",
            name="ck_organisation_consumer_fields",
        ),
        sa.CheckConstraint(
            "NOT is_source OR source_active_from IS NOT NULL", name="ck_organisation_source_fields"
        ),
        sa.PrimaryKeyConstraint("orgnr"),
    )
    sa.Table(
        "registry_version",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("token", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    sa.Table(
        "source_grant",
        metadata,
        sa.Column("orgnr", sa.String(length=9), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("list", sa.Boolean(), nullable=False),
        sa.Column("read", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["orgnr"],
            ["organisation.orgnr"],
        ),
        sa.PrimaryKeyConstraint("orgnr", "category"),
    )


def _restrictions(metadata: sa.MetaData) -> None:
    """The patients' reservations, blocks and objections."""
    sa.Table(
        "restriction",
        metadata,
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("patient", sa.String(length=11), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("target_type", sa.String(length=16), nullable=True),
        sa.Column("target_value", sa.String(length=11), nullable=True),
        sa.Column("source", sa.String(length=9), nullable=True),
        sa.Column("document", sa.String(length=256), nullable=True),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_by", sa.String(length=200), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('pjd_sperre', 'kj_reservasjon', 'kj_sperring', 'kj_blokkering',"
            " 'kilde_sperreregel')",
            name="ck_restriction_kind",
        ),
        sa.CheckConstraint(
            "target_type IS NULL OR target_type IN ('hpr', 'pid', 'authorization', 'orgnr')",
            name="ck_restriction_target_type",
        ),
        sa.CheckConstraint(
            "(target_type IS NULL) = (target_value IS NULL)", name="ck_restriction_target_pair"
        ),
        sa.CheckConstraint(
            "document IS NULL OR source IS NOT NULL", name="ck_restriction_document"
        ),
        sa.CheckConstraint(
            "valid_from IS NULL OR valid_to IS NULL OR valid_to > valid_from",
            name="ck_restriction_period",
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_restriction_patient_withdrawn_at", "patient", "withdrawn_at"),
    )


def _access_log(metadata: sa.MetaData) -> None:
    """The hash-chained access log and its head row."""
    sa.Table(
        "access_log",
        metadata,
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject_kind", sa.String(length=16), nullable=False),
        sa.Column("requester_name", sa.String(length=512), nullable=True),
        sa.Column("requester_pid", sa.String(length=256), nullable=True),
        sa.Column("requester_hpr", sa.String(length=256), nullable=True),
        sa.Column("legal_entity", sa.String(length=256), nullable=True),
        sa.Column("legal_entity_name", sa.String(length=512), nullable=True),
        sa.Column("point_of_care", sa.String(length=256), nullable=True),
        sa.Column("point_of_care_name", sa.String(length=512), nullable=True),
        sa.Column("department", sa.String(length=256), nullable=True),
        sa.Column("department_name", sa.String(length=512), nullable=True),
        sa.Column("healthcare_service", sa.String(length=256), nullable=True),
        sa.Column("purpose", sa.String(length=256), nullable=True),
        sa.Column("purpose_details", sa.String(length=256), nullable=True),
        sa.Column("decision_ref", sa.String(length=256), nullable=True),
        sa.Column("user_selected", sa.Boolean(), nullable=True),
        sa.Column("representation", sa.String(length=512), nullable=True),
        sa.Column("access_basis", sa.String(length=64), nullable=True),
        sa.Column("path", sa.String(length=64), nullable=True),
        sa.Column("patient", sa.String(length=256), nullable=False),
        sa.Column("source", sa.String(length=256), nullable=True),
        sa.Column("document", sa.String(length=256), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("obligations", sa.Text(), nullable=False),
        sa.Column("policy_revision", sa.String(length=128), nullable=True),
        sa.Column("engine", sa.String(length=32), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("decision IN ('permit', 'deny')", name="ck_access_log_decision"),
        sa.CheckConstraint(
            "subject_kind IN ('helsepersonell', 'innbygger')", name="ck_access_log_subject"
        ),
        sa.PrimaryKeyConstraint("seq"),
        sa.Index("ix_access_log_decision_id", "decision_id"),
        sa.Index("ix_access_log_patient_recorded_at", "patient", "recorded_at"),
        sa.Index("ix_access_log_patient_seq", "patient", "seq"),
        sa.Index("ix_access_log_source_recorded_at", "source", "recorded_at"),
    )
    sa.Table(
        "access_log_head",
        metadata,
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_access_log_head_single"),
        sa.PrimaryKeyConstraint("id"),
    )


def upgrade() -> None:
    schema().create_all(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the access log is legal evidence: no revision goes down")
