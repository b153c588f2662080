"""Appends to vehicle histories and their transparency log; checkpoints; share links; erasure."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction

from aftercare.history import errors, merkle, notes, store
from aftercare.history.choices import HistoryEventType
from aftercare.history.models import Checkpoint, HistoryEvent, HistoryShare, SubjectSalt
from aftercare.history.signing import log_origin, log_signer
from aftercare.kernel.clock import Clock, system_clock

_PERSONAL_KEYS = frozenset({"name", "phone", "email", "id_number", "address", "registered_owner_name"})
SHARE_TOKEN_BYTES = 18  # 144 bits


def event_build(
    *,
    vehicle_id: int,
    event_type: HistoryEventType,
    occurred_at: dt.datetime,
    actor_user_id: int | None,
    payload: dict[str, Any],
) -> HistoryEvent:
    """An unsaved, checked event for bulk writers; refuses payloads carrying personal fields.

    Bulk writers save with bulk_create and then call log_append_events in the same transaction.
    """
    leaked = _PERSONAL_KEYS.intersection(payload)
    if leaked:
        raise ValueError(f"history payload must not carry personal data: {sorted(leaked)}")
    return HistoryEvent(
        vehicle_id=vehicle_id,
        event_type=event_type,
        occurred_at=occurred_at,
        actor_id=actor_user_id,
        payload=payload,
    )


def event_record(
    *,
    vehicle_id: int,
    event_type: HistoryEventType,
    occurred_at: dt.datetime,
    actor_user_id: int | None,
    payload: dict[str, Any],
) -> HistoryEvent:
    """Append one event and its log leaf; call inside the transaction that made the change."""
    event = event_build(
        vehicle_id=vehicle_id,
        event_type=event_type,
        occurred_at=occurred_at,
        actor_user_id=actor_user_id,
        payload=payload,
    )
    with transaction.atomic():
        event.save(force_insert=True)
        store.append([event])
    return event


def log_append_events(events: Sequence[HistoryEvent]) -> int:
    """Append events saved by a bulk writer (event_build + bulk_create) to the log, in id order."""
    ordered = sorted(events, key=lambda e: e.pk)
    with transaction.atomic():
        return len(store.append(ordered))


def log_rebuild() -> int:
    """Start the log afresh from the remaining events (demo resets only: published checkpoints are dropped)."""
    with transaction.atomic():
        store.reset()
        appended = 0
        last = 0
        while True:
            batch = list(HistoryEvent.objects.filter(pk__gt=last).order_by("pk")[: store.BATCH])
            if not batch:
                return appended
            appended += len(store.append(batch))
            last = batch[-1].pk


def checkpoint_publish(*, clock: Clock = system_clock) -> Checkpoint | None:
    """Sign the current tree head after proving it consistent with the last checkpoint; None when unchanged."""
    with transaction.atomic():
        head = store.head_locked()  # no append slips between reading the head and signing it
        size, frontier = head.size, store.frontier_of(head)
        previous = Checkpoint.objects.order_by("-tree_size").first()
        if size == 0 or (previous is not None and previous.tree_size == size):
            return None
        root = merkle.frontier_root(frontier)
        if previous is not None:
            _prove_consistent(previous, size, root)
        signer = log_signer()
        origin = log_origin()
        note = notes.note_sign(notes.checkpoint_body(origin, size, root), signer)
        return Checkpoint.objects.create(
            tree_size=size,
            root_hash=root.hex(),
            origin=origin,
            key_name=signer.name,
            key_id=signer.key_id.hex(),
            note=note,
            published_at=clock.now(),
        )


def _prove_consistent(previous: Checkpoint, size: int, root: bytes) -> None:
    source = store.DbNodes()
    if previous.tree_size > size:
        raise errors.checkpoint_inconsistent(f"the log shrank from {previous.tree_size} to {size}")
    try:
        proof = merkle.consistency_proof(previous.tree_size, size, source)
        merkle.verify_consistency(previous.tree_size, size, proof, bytes.fromhex(previous.root_hash), root)
        # The stored nodes must also reproduce the head's root, or proofs served later would not verify.
        if merkle.root(size, source) != root:
            raise merkle.ProofError("stored nodes disagree with the head")
    except merkle.ProofError as exc:
        raise errors.checkpoint_inconsistent(str(exc)) from exc


def subject_forget(*, kind: str, subject_id: int) -> bool:
    """Honour an erasure request: delete the person's salt so their pseudonyms can no longer be linked."""
    deleted, _ = SubjectSalt.objects.filter(kind=kind, subject_id=subject_id).delete()
    return bool(deleted)


def share_issue(*, vehicle_id: int, user_id: int | None, clock: Clock = system_clock) -> HistoryShare:
    """The car's active public link, issuing one (≥128 random bits) when there is none. The caller checked scope."""
    with transaction.atomic():
        active = HistoryShare.objects.select_for_update().filter(vehicle_id=vehicle_id, revoked_at__isnull=True)
        current = active.first()
        if current is not None:
            return current
        try:
            with transaction.atomic():
                return HistoryShare.objects.create(
                    vehicle_id=vehicle_id,
                    token=secrets.token_urlsafe(SHARE_TOKEN_BYTES),
                    created_at=clock.now(),
                    created_by_id=user_id,
                )
        except IntegrityError:  # issued concurrently: use that one
            return HistoryShare.objects.get(vehicle_id=vehicle_id, revoked_at__isnull=True)


def share_revoke(*, vehicle_id: int, clock: Clock = system_clock) -> int:
    """Revoke the car's active link; the old QR code stops working at once. Returns how many were revoked."""
    return HistoryShare.objects.filter(vehicle_id=vehicle_id, revoked_at__isnull=True).update(revoked_at=clock.now())


def share_reissue(*, vehicle_id: int, user_id: int | None, clock: Clock = system_clock) -> HistoryShare:
    """Revoke the current link and issue a new one, in one transaction."""
    with transaction.atomic():
        share_revoke(vehicle_id=vehicle_id, clock=clock)
        return share_issue(vehicle_id=vehicle_id, user_id=user_id, clock=clock)
