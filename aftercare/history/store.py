"""The database side of the log: appending leaves under the head lock, and serving perfect-subtree hashes.

Appends take the single LogHead row FOR UPDATE (PostgreSQL) or rely on SQLite's IMMEDIATE
transactions, so leaf indexes are gap-free and in commit order. Each append writes the leaf and the
perfect subtrees it completes (one on average), and updates the head's compact range; reading a root
or a proof touches O(log n) rows.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from aftercare.history import leaves, merkle
from aftercare.history.models import NODE_LEVEL_SHIFT, HistoryEvent, LogHead, LogLeaf, LogNode, SubjectSalt

HASH = merkle.HASH_SIZE
BATCH = 2_000


def node_key(level: int, index: int) -> int:
    return (level << NODE_LEVEL_SHIFT) | index


class DbNodes:
    """NodeSource over LogLeaf (level 0) and LogNode (levels ≥ 1): one query per level kind."""

    def nodes(self, keys: Sequence[merkle.NodeKey]) -> dict[merkle.NodeKey, bytes]:
        found: dict[merkle.NodeKey, bytes] = {}
        leaf_ids = [i for lv, i in keys if lv == 0]
        if leaf_ids:
            for index, hex_hash in LogLeaf.objects.filter(index__in=leaf_ids).values_list("index", "leaf_hash"):
                found[(0, index)] = bytes.fromhex(hex_hash)
        upper = [node_key(lv, i) for lv, i in keys if lv > 0]
        if upper:
            for key, value in LogNode.objects.filter(key__in=upper).values_list("key", "hash"):
                found[(key >> NODE_LEVEL_SHIFT, key & ((1 << NODE_LEVEL_SHIFT) - 1))] = bytes(value)
        return found


def _split_frontier(raw: bytes) -> list[bytes]:
    return [raw[i : i + HASH] for i in range(0, len(raw), HASH)]


def frontier_of(head: LogHead) -> list[bytes]:
    """The head's compact range as a list of hashes, biggest subtree first."""
    return _split_frontier(bytes(head.frontier))


def head_locked() -> LogHead:
    """The head row, locked for this transaction (created on first use)."""
    head = LogHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        try:
            with transaction.atomic():
                LogHead.objects.create(pk=1, size=0, frontier=b"")
        except IntegrityError:
            pass  # created concurrently
        head = LogHead.objects.select_for_update().get(pk=1)
    return head


def head_read() -> tuple[int, list[bytes]]:
    """The current size and compact range, unlocked."""
    head = LogHead.objects.filter(pk=1).first()
    if head is None:
        return 0, []
    return head.size, _split_frontier(bytes(head.frontier))


def salts_ensure(subjects: Iterable[leaves.Subject]) -> dict[leaves.Subject, bytes]:
    """The salt of every person, creating a random one for people seen for the first time."""
    wanted = set(subjects)
    if not wanted:
        return {}
    salts = salts_find(wanted)
    missing = wanted - set(salts)
    if missing:
        SubjectSalt.objects.bulk_create(
            [SubjectSalt(kind=k, subject_id=i, salt=secrets.token_bytes(32)) for k, i in sorted(missing)],
            ignore_conflicts=True,
        )
        salts = salts_find(wanted)
    return salts


def salts_find(subjects: Iterable[leaves.Subject]) -> dict[leaves.Subject, bytes]:
    """Existing salts only (erased people are simply absent)."""
    by_kind: dict[str, set[int]] = {}
    for kind, subject_id in subjects:
        by_kind.setdefault(kind, set()).add(subject_id)
    found: dict[leaves.Subject, bytes] = {}
    for kind, ids in by_kind.items():
        id_list = sorted(ids)
        for start in range(0, len(id_list), BATCH):
            rows = SubjectSalt.objects.filter(kind=kind, subject_id__in=id_list[start : start + BATCH])
            found.update({(kind, sid): bytes(salt) for sid, salt in rows.values_list("subject_id", "salt")})
    return found


def vins_of(vehicle_ids: Iterable[int]) -> dict[int, str]:
    """VINs by vehicle id, through the event's foreign key (history sits below vehicles)."""
    vehicle_model = HistoryEvent._meta.get_field("vehicle").related_model
    ids = sorted(set(vehicle_ids))
    out: dict[int, str] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        out.update(vehicle_model._default_manager.filter(pk__in=chunk).values_list("pk", "vin"))
    return out


def facts_of(events: Sequence[HistoryEvent], vins: Mapping[int, str]) -> list[leaves.EventFacts]:
    return [
        leaves.EventFacts(
            event_id=e.pk,
            vin=vins[e.vehicle_id],
            event_type=str(e.event_type),
            occurred_at=timezone.make_aware(e.occurred_at) if timezone.is_naive(e.occurred_at) else e.occurred_at,
            actor_user_id=e.actor_id,
            payload=e.payload,
        )
        for e in events
    ]


def append(events: Sequence[HistoryEvent]) -> list[LogLeaf]:
    """Append saved events, in the given order, as the next leaves. Call inside the caller's transaction."""
    if not events:
        return []
    if any(e.pk is None for e in events):
        raise ValueError("only saved events can be appended to the log")
    facts = facts_of(events, vins_of(e.vehicle_id for e in events))
    salts = salts_ensure(leaves.needed_subjects(facts))
    texts = [leaves.leaf_text(f, salts) for f in facts]
    head = head_locked()
    size, frontier = head.size, _split_frontier(bytes(head.frontier))
    now = timezone.now()
    rows: list[LogLeaf] = []
    nodes: list[LogNode] = []
    for event, text in zip(events, texts, strict=True):
        h = merkle.leaf_hash(text.encode())
        frontier, made = merkle.frontier_append(frontier, size, h)
        rows.append(LogLeaf(index=size, event_id=event.pk, leaf=text, leaf_hash=h.hex(), appended_at=now))
        nodes.extend(LogNode(key=node_key(lv, i), hash=value) for (lv, i), value in made)
        size += 1
    LogLeaf.objects.bulk_create(rows, batch_size=BATCH)
    LogNode.objects.bulk_create(nodes, batch_size=BATCH)
    LogHead.objects.filter(pk=1).update(size=size, frontier=b"".join(frontier), updated_at=now)
    return rows


def reset() -> None:
    """Forget the whole log (demo resets only): leaves, nodes, head and checkpoints."""
    from aftercare.history.models import Checkpoint

    Checkpoint.objects.all().delete()
    LogNode.objects.all().delete()
    LogLeaf.objects.all().delete()
    LogHead.objects.all().delete()
