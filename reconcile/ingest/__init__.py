"""Ingest: read claim files (JSONL, CSV, YAML) and entity files into plain records."""

from reconcile.ingest.claims import CLAIM_SUFFIXES, LANGS, claim_files, content_id, read_claims
from reconcile.ingest.entities import ENTITY_FILES, read_entities

__all__ = ["CLAIM_SUFFIXES", "ENTITY_FILES", "LANGS", "claim_files", "content_id", "read_claims",
           "read_entities"]
