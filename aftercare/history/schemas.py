"""API shapes of the transparency log. Hashes are standard base64, as in RFC 6962/9162 APIs."""

from __future__ import annotations

import base64
import datetime as dt

from ninja import Field, Schema

from aftercare.history.models import Checkpoint
from aftercare.history.signing import log_signer


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class CheckpointOut(Schema):
    origin: str = Field(description="The log's origin line (also the signing key's name).")
    tree_size: int = Field(description="Number of leaves the checkpoint covers.")
    root_hash: str = Field(description="RFC 9162 Merkle tree hash of the first tree_size leaves, base64.")
    checkpoint: str = Field(description="The C2SP checkpoint as a signed note (verify it with verifier_key).")
    verifier_key: str = Field(
        description="Ed25519 verifier key in note format: <name>+<key id hex>+<base64(0x01||key)>."
    )
    published_at: dt.datetime

    @staticmethod
    def resolve_root_hash(obj: Checkpoint) -> str:
        return b64(bytes.fromhex(obj.root_hash))

    @staticmethod
    def resolve_checkpoint(obj: Checkpoint) -> str:
        return obj.note

    @staticmethod
    def resolve_verifier_key(obj: Checkpoint) -> str:
        signer = log_signer()
        if signer.key_id.hex() == obj.key_id and signer.name == obj.key_name:
            return signer.verifier_key
        return f"{obj.key_name}+{obj.key_id}+(retired key: see AFTERCARE_LOG_TRUSTED_KEYS)"


class InclusionProofOut(Schema):
    leaf_index: int = Field(description="Zero-based index of the leaf in the log.")
    tree_size: int = Field(description="Size of the tree the audit path leads to.")
    leaf_hash: str = Field(description="SHA-256(0x00 || leaf), base64.")
    audit_path: list[str] = Field(description="RFC 9162 inclusion proof, leaf side first, base64 hashes.")


class ConsistencyProofOut(Schema):
    first: int = Field(description="The smaller tree size.")
    second: int = Field(description="The larger tree size.")
    consistency: list[str] = Field(description="RFC 9162 consistency proof, base64 hashes.")


class LogEntryOut(Schema):
    event_id: int
    event_type: str
    occurred_at: dt.datetime
    status: str = Field(description="verified | pending | mismatch | not_logged, against the latest checkpoint.")
    leaf_index: int | None
    leaf: str | None = Field(description="The canonical leaf text (UTF-8 JSON, leaf v1); hash it with a 0x00 prefix.")
    leaf_hash: str | None = Field(description="SHA-256(0x00 || leaf), base64.")
    tree_size: int = Field(description="Size of the checkpoint the audit path leads to (0: none yet).")
    audit_path: list[str]


class VehicleLogOut(Schema):
    vin: str
    checkpoint: CheckpointOut | None
    entries: list[LogEntryOut]
