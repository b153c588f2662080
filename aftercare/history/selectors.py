"""Reads of vehicle histories and of the transparency log; callers have already scoped the vehicle."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import QuerySet

from aftercare.history import errors, leaves, merkle, store
from aftercare.history.choices import HistoryEventType
from aftercare.history.models import Checkpoint, HistoryEvent, HistoryShare, LogLeaf


def history_event_list(*, vehicle_id: int) -> QuerySet[HistoryEvent]:
    """A vehicle's events, newest first."""
    return HistoryEvent.objects.filter(vehicle_id=vehicle_id).order_by("-occurred_at", "-id")


def odometer_break_times(*, vehicle_id: int) -> list[dt.datetime]:
    """When the car's odometer was legitimately reset or replaced (ODOMETER_BREAK events), oldest first."""
    breaks = HistoryEvent.objects.filter(vehicle_id=vehicle_id, event_type=HistoryEventType.ODOMETER_BREAK)
    return list(breaks.order_by("occurred_at").values_list("occurred_at", flat=True))


def checkpoint_latest() -> Checkpoint | None:
    """The most recent signed checkpoint."""
    return Checkpoint.objects.order_by("-tree_size").first()


def checkpoint_list() -> QuerySet[Checkpoint]:
    """Every checkpoint, newest first."""
    return Checkpoint.objects.order_by("-tree_size")


def log_size() -> int:
    """How many leaves the log holds now (published or not)."""
    return store.head_read()[0]


def hash_parse(text: str, field: str) -> bytes:
    """A 32-byte hash given in standard or URL-safe base64, or in hex."""
    value = text.strip()
    try:
        if len(value) == 64:
            raw = bytes.fromhex(value)
        else:
            padded = value + "=" * (-len(value) % 4)
            raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (ValueError, binascii.Error) as exc:
        raise errors.bad_hash(field) from exc
    if len(raw) != merkle.HASH_SIZE:
        raise errors.bad_hash(field)
    return raw


def _published_size(tree_size: int | None) -> int:
    latest = checkpoint_latest()
    if latest is None:
        raise errors.no_checkpoint()
    return latest.tree_size if tree_size is None else tree_size


@dataclass(frozen=True)
class InclusionProof:
    """RFC 9162 inclusion proof: leaf index, tree size and audit path (leaf side first)."""

    leaf_index: int
    tree_size: int
    leaf_hash: bytes
    audit_path: list[bytes]


def inclusion_proof_by_hash(*, leaf_hash: bytes, tree_size: int | None = None) -> InclusionProof:
    """The audit path of a leaf, found by its hash, in a tree of the given size (default: the latest checkpoint)."""
    size = _published_size(tree_size)
    if not 1 <= size <= log_size():
        raise errors.bad_sizes("tree_size", log_size())
    leaf = LogLeaf.objects.filter(leaf_hash=leaf_hash.hex(), index__lt=size).only("index").first()
    if leaf is None:
        raise errors.leaf_not_found()
    path = merkle.inclusion_proof(leaf.index, size, store.DbNodes())
    return InclusionProof(leaf.index, size, leaf_hash, path)


def consistency_proof(*, first: int, second: int | None = None) -> tuple[int, int, list[bytes]]:
    """RFC 9162 consistency proof between two tree sizes (second defaults to the latest checkpoint)."""
    size2 = _published_size(second)
    current = log_size()
    if not 1 <= first <= size2 <= current:
        raise errors.bad_sizes("first" if first < 1 or first > size2 else "second", current)
    return first, size2, merkle.consistency_proof(first, size2, store.DbNodes())


def root_at(size: int) -> bytes:
    """The root hash of the tree of the first `size` leaves."""
    return merkle.root(size, store.DbNodes())


class EntryStatus(StrEnum):
    VERIFIED = "verified"  # in the published checkpoint, proof checked, leaf matches the event
    PENDING = "pending"  # logged and matching, but not yet covered by a checkpoint
    MISMATCH = "mismatch"  # the event no longer matches its logged leaf, or the proof fails
    NOT_LOGGED = "not_logged"  # no leaf for this event


@dataclass(frozen=True)
class LogEntry:
    """One event of a car with its place in the log and its verification status."""

    event: HistoryEvent
    status: EntryStatus
    leaf: LogLeaf | None
    proof: list[bytes]
    tree_size: int

    @property
    def leaf_hash_b64(self) -> str:
        return base64.b64encode(bytes.fromhex(self.leaf.leaf_hash)).decode() if self.leaf else ""

    @property
    def proof_b64(self) -> list[str]:
        return [base64.b64encode(p).decode() for p in self.proof]


def vehicle_log(*, vehicle_id: int, limit: int = 500) -> tuple[list[LogEntry], Checkpoint | None]:
    """A scoped car's events, newest first, each checked against the latest checkpoint (a few queries in all)."""
    events = list(history_event_list(vehicle_id=vehicle_id).select_related("vehicle")[:limit])
    found = {leaf.event_id: leaf for leaf in LogLeaf.objects.filter(event_id__in=[e.pk for e in events])}
    checkpoint = checkpoint_latest()
    size = checkpoint.tree_size if checkpoint else 0
    covered = [found[e.pk].index for e in events if e.pk in found and found[e.pk].index < size]
    ranges = {i: merkle.inclusion_ranges(i, size) for i in covered}
    nodes = store.DbNodes().nodes(sorted(merkle.proof_keys(r for rs in ranges.values() for r in rs)))
    facts = store.facts_of(events, {e.vehicle_id: e.vehicle.vin for e in events})
    salts = store.salts_find(leaves.needed_subjects(facts))
    root = bytes.fromhex(checkpoint.root_hash) if checkpoint else b""
    entries = []
    for event, fact in zip(events, facts, strict=True):
        leaf = found.get(event.pk)
        proof = [merkle.range_hash(a, b, nodes) for a, b in ranges[leaf.index]] if leaf and leaf.index < size else []
        status = _status(leaf, fact, salts, proof, size, root)
        entries.append(LogEntry(event, status, leaf, proof, size))
    return entries, checkpoint


def _status(
    leaf: LogLeaf | None,
    fact: leaves.EventFacts,
    salts: dict[leaves.Subject, bytes],
    proof: list[bytes],
    size: int,
    root: bytes,
) -> EntryStatus:
    if leaf is None:
        return EntryStatus.NOT_LOGGED
    expected = leaves.leaf_document(fact, salts)
    stored_hash = merkle.leaf_hash(leaf.leaf.encode())
    if stored_hash.hex() != leaf.leaf_hash or leaves.mismatch(expected, json.loads(leaf.leaf)) is not None:
        return EntryStatus.MISMATCH
    if leaf.index >= size:
        return EntryStatus.PENDING
    try:
        merkle.verify_inclusion(leaf.index, size, stored_hash, proof, root)
    except merkle.ProofError:
        return EntryStatus.MISMATCH
    return EntryStatus.VERIFIED


def share_active(*, vehicle_id: int) -> HistoryShare | None:
    """The car's active public link, if any."""
    return HistoryShare.objects.filter(vehicle_id=vehicle_id, revoked_at__isnull=True).first()


def share_by_token(*, token: str) -> HistoryShare:
    """The active link with this token; a revoked or unknown token is not found."""
    share = (
        HistoryShare.objects.filter(token=token[:64], revoked_at__isnull=True).select_related("vehicle").first()
        if token
        else None
    )
    if share is None:
        raise errors.share_not_found()
    return share
