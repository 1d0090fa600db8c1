"""SQLAlchemy models: the stored record of every run, from raw claims to resolutions and audit."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, LargeBinary,
                        MetaData, String, Text, TypeDecorator, UniqueConstraint, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so Alembic can alter constraints on both backends (and batch mode on SQLite).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class ExactDecimal(TypeDecorator):
    """A Decimal stored as its canonical text, so bounds survive SQLite (whose NUMERIC is a float)."""

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect) -> str | None:
        if value is None:
            return None
        return format(Decimal(value), "f")

    def process_result_value(self, value: str | None, dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, Decimal: ExactDecimal}


class Run(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claims: Mapped[int] = mapped_column(Integer, default=0)
    inputs_sha256: Mapped[str] = mapped_column(String(64))
    rules_sha256: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # What the inputs were read under (rules, entities, review decisions, version): a later run
    # under the same context carries this run's work on unchanged files forward.
    context_sha256: Mapped[str | None] = mapped_column(String(64))
    # The run an incremental run carried its unchanged resolutions from (None: a full run).
    base_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    # The hash chain (store.chain): this run's root, over its rows and the previous run's root.
    # None for runs stored before it (schema revision 0005 or earlier).
    root_sha256: Mapped[str | None] = mapped_column(String(64))
    previous_root_sha256: Mapped[str | None] = mapped_column(String(64))


class RunDigest(Base):
    """The digest of the rows one run wrote in one table, and a CRC-32 of each row in order,
    so that `audit verify` can name the table and the row that changed (store.chain)."""

    __tablename__ = "run_digests"

    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"),
                                        primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_count: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    row_crc32: Mapped[bytes] = mapped_column(LargeBinary)  # 4 bytes per row, little-endian


class Outlet(Base):
    """An outlet's trust as the rules gave it for one run."""

    __tablename__ = "outlets"
    __table_args__ = (UniqueConstraint("run_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    trust: Mapped[float] = mapped_column(Float)
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    origin: Mapped[str] = mapped_column(Text, default="")


class Entity(Base):
    """A canonical entity; kept across runs (seeds may drop one, earlier runs still name it)."""

    __tablename__ = "entities"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(400))
    type: Mapped[str | None] = mapped_column(String(100))


class EntityAlias(Base):
    __tablename__ = "entity_aliases"

    entity_id: Mapped[str] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )
    alias: Mapped[str] = mapped_column(String(400), primary_key=True)


class FileVersion(Base):
    """One content of one input file, read once: its claims belong to it, runs refer to it."""

    __tablename__ = "file_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    context_sha256: Mapped[str | None] = mapped_column(String(64))
    claims: Mapped[int] = mapped_column(Integer)


class InputFile(Base):
    """A file a run read from: the run's own version of it, or one carried from an earlier run."""

    __tablename__ = "input_files"
    __table_args__ = (UniqueConstraint("run_id", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    claims: Mapped[int] = mapped_column(Integer)
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("file_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)  # the file's place in the run


class Claim(Base):
    """A claim exactly as read, with its file and line of origin.

    It belongs to the file version it was read from (`version_id`) and to the run that read
    it (`run_id`); later runs over the unchanged file refer to it instead of copying it.
    `raw` holds what the columns do not: fields beyond the contract's, and any field whose
    value was not a plain string or was written with surrounding blanks. Columns plus `raw`
    give back the record as read.
    """

    __tablename__ = "claims"
    __table_args__ = (UniqueConstraint("claim_id", "run_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Indexed for the run's rows in id order (SQLite keeps the rowid in every index): the hash
    # chain and an incremental run read one run's claims without a scan of every run's.
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("file_versions.id", ondelete="CASCADE"), index=True)
    # First 16 hex of the content's sha256 (ingest.content_id): how an id-less copy of a named
    # claim is found. Not indexed: only an incremental run reading id-less claims looks it up,
    # and an index on random keys slows every insert of a million claims.
    content_sha: Mapped[str | None] = mapped_column(String(16))
    claim_id: Mapped[str] = mapped_column(String(200))
    outlet: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    attribute: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)
    object: Mapped[str | None] = mapped_column(Text)
    via: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(8))
    published: Mapped[str | None] = mapped_column(String(32))
    as_of: Mapped[str | None] = mapped_column(String(32))
    url: Mapped[str | None] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)
    file: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ClaimValue(Base):
    """How a claim's value was read: an interval, or the reason it could not be."""

    __tablename__ = "claim_values"
    # The errors list reads the few unreadable values among millions (0005).
    __table_args__ = (Index("ix_claim_values_errors", "claim_pk",
                            sqlite_where=text("error IS NOT NULL"),
                            postgresql_where=text("error IS NOT NULL")),)

    claim_pk: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    low: Mapped[Decimal | None]
    high: Mapped[Decimal | None]
    low_inclusive: Mapped[bool] = mapped_column(Boolean, default=True)
    high_inclusive: Mapped[bool] = mapped_column(Boolean, default=True)
    point: Mapped[Decimal | None]
    approx: Mapped[bool] = mapped_column(Boolean, default=False)
    hedged: Mapped[bool] = mapped_column(Boolean, default=False)
    unit: Mapped[str | None] = mapped_column(String(16))
    currency: Mapped[str | None] = mapped_column(String(8))
    lang: Mapped[str | None] = mapped_column(String(8))
    error: Mapped[str | None] = mapped_column(Text)
    unit_rule: Mapped[str | None] = mapped_column(Text)  # the `units` rule a bare amount took


class EntityMatch(Base):
    """Which entity a claim's subject or object mention was matched to, how, and how surely."""

    __tablename__ = "entity_matches"
    # The unmatched list reads the few rows without an entity among millions (0005).
    __table_args__ = (UniqueConstraint("claim_pk", "role"),
                      Index("ix_entity_matches_unmatched", "claim_pk",
                            sqlite_where=text("entity_id IS NULL"),
                            postgresql_where=text("entity_id IS NULL")))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_pk: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))  # subject | object
    mention: Mapped[str] = mapped_column(Text)
    mention_key: Mapped[str] = mapped_column(Text)
    entity_id: Mapped[str | None] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(16))
    band: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    candidates: Mapped[list[Any]] = mapped_column(default=list)
    reason: Mapped[str | None] = mapped_column(Text)  # why, when not matched or matched in review


class Resolution(Base):
    __tablename__ = "resolutions"
    __table_args__ = (Index("ix_resolutions_run_key", "run_id", "subject_id", "attribute"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Besides the key index: a run's resolutions in id order, so that reading them (and their
    # claims and payloads) in that order needs no sort of the whole run in memory.
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # the stable output order
    subject_id: Mapped[str] = mapped_column(String(200))
    attribute: Mapped[str] = mapped_column(String(200))
    object_id: Mapped[str | None] = mapped_column(String(200))
    as_of: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    low: Mapped[Decimal | None]
    high: Mapped[Decimal | None]
    low_inclusive: Mapped[bool] = mapped_column(Boolean, default=True)
    high_inclusive: Mapped[bool] = mapped_column(Boolean, default=True)
    point: Mapped[Decimal | None]
    approx: Mapped[bool] = mapped_column(Boolean, default=False)
    unit: Mapped[str | None] = mapped_column(String(16))
    currency: Mapped[str | None] = mapped_column(String(8))
    display: Mapped[str] = mapped_column(Text)
    strategy: Mapped[str] = mapped_column(String(32))
    confidence: Mapped[float] = mapped_column(Float)
    sources: Mapped[list[Any]] = mapped_column(default=list)
    rule_origin: Mapped[dict[str, Any]] = mapped_column(default=dict)
    decision: Mapped[str] = mapped_column(Text, default="")  # the rule that decided, one sentence
    claims: Mapped[int] = mapped_column(Integer, default=0)  # how many claims it considered
    # Where this key's events start in the audit sequence of the run that computed it: the
    # claims' stories and the decision are told from the stored facts (audit.key_events).
    # None for runs written at schema revision 0002 or earlier, whose events are all rows of audit_events.
    audit_seq: Mapped[int | None] = mapped_column(Integer)


class RunResolution(Base):
    """The resolutions of a run: its own, and those it carried forward from an earlier run."""

    __tablename__ = "run_resolutions"

    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"),
                                        primary_key=True)
    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolutions.id", ondelete="CASCADE"), primary_key=True, index=True)


class ResolutionPayload(Base):
    """The contract's JSON of a resolution, claims included, encoded when it was computed
    (reconcile.store.encoding): a run's report is a concatenation of these. Runs written at
    schema revision 0003 or earlier have none. A table of its own, so that kilobytes per key do not spread the resolutions
    over a page each. Stored zstd-compressed (`encoding.pack`, `encoding.unpack`)."""

    __tablename__ = "resolution_payloads"

    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolutions.id", ondelete="CASCADE"), primary_key=True
    )
    json_zstd: Mapped[bytes] = mapped_column(LargeBinary)


class ResolutionClaim(Base):
    """A claim's part in a resolution: bound, support or rejected, and why."""

    __tablename__ = "resolution_claims"

    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolutions.id", ondelete="CASCADE"), primary_key=True
    )
    claim_pk: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(200))
    trust: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)


class GraphEdge(Base):
    """An edge of the conflict graph: two claims on one key and how their intervals relate.

    Written only by runs of schema revision 0002 or earlier. A key's edges are a function of its claims'
    stored intervals (graph.relation), so newer runs rebuild them on export instead of
    storing O(k²) rows per key.
    """

    __tablename__ = "graph_edges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolutions.id", ondelete="CASCADE"), index=True
    )
    claim_a: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    claim_b: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(16))


class AuditEvent(Base):
    """One decision of a run, in order; never updated."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_run_seq", "run_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str | None] = mapped_column(Text, index=True)
    claim_id: Mapped[str | None] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ReviewDecision(Base):
    """A reviewer's decision on a doubtful mention; the latest one per mention key applies."""

    __tablename__ = "review_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mention_key: Mapped[str] = mapped_column(Text, index=True)
    mention: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(16))  # accept | reject | new-entity
    entity_id: Mapped[str | None] = mapped_column(String(200))
    entity_name: Mapped[str | None] = mapped_column(String(400))  # for new-entity
    decided_by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ValueDecision(Base):
    """A reviewer's decision on a key's value: prefer claims, reject one, pin a range, or
    reopen. Never updated: every run applies, per key, the decisions since its last reopen."""

    __tablename__ = "value_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text, index=True)  # Key.text
    subject_id: Mapped[str] = mapped_column(String(200))
    attribute: Mapped[str] = mapped_column(String(200))
    object_id: Mapped[str | None] = mapped_column(String(200))
    as_of: Mapped[str | None] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))  # prefer | reject | pin | reopen
    claim_ids: Mapped[list[Any]] = mapped_column(default=list)  # preferred or rejected claims
    low: Mapped[Decimal | None]  # a pinned range
    high: Mapped[Decimal | None]
    low_inclusive: Mapped[bool] = mapped_column(Boolean, default=True)
    high_inclusive: Mapped[bool] = mapped_column(Boolean, default=True)
    unit: Mapped[str | None] = mapped_column(String(16))
    currency: Mapped[str | None] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str | None] = mapped_column(Text)
    # the key's claims when it was decided, and their digest: what "contradicted by" compares
    seen: Mapped[list[Any]] = mapped_column(default=list)
    digest: Mapped[str] = mapped_column(String(64))
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # the key's decision this one follows (0: none); unique per key, so two reviewers deciding
    # on the same state of a key cannot both be recorded
    follows: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("key", "follows"),)
