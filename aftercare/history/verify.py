"""`aftercare history verify`: recompute the whole log from the event rows and check every checkpoint.

One streaming pass over the leaves in index order:
1. each leaf is rebuilt from its stored event (and the VIN and salts) and must equal the logged
   text, whose hash must equal the stored leaf hash;
2. the perfect subtrees are recomputed and must equal the stored nodes proofs are served from;
3. at each checkpoint's size the recomputed root must equal the signed root, the signature must verify
   with a trusted key, and a consistency proof served from the stored nodes must link it to the
   previous checkpoint;
4. finally the head must describe the recomputed tree, and every event must be in the log.

A person whose salt was deleted (erasure request) cannot be re-linked: the pseudonym fields of their
leaves are accepted as they are, everything else in those leaves is still checked, and the report
counts them as "unlinkable".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from aftercare.history import leaves, merkle, notes, store
from aftercare.history.models import Checkpoint, HistoryEvent, LogLeaf, LogNode
from aftercare.history.signing import trusted_verifiers

BATCH = 5_000


class Tampered(Exception):
    """The first thing found wrong, named so an operator can go straight to it."""


@dataclass
class VerifyReport:
    """What verification checked and the first problem, if any."""

    leaves: int = 0
    nodes: int = 0
    checkpoints: int = 0
    unlinkable: int = 0
    problem: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problem


def log_verify(progress: Callable[[int], None] | None = None) -> VerifyReport:
    """Verify everything; the report names the first problem instead of raising."""
    report = VerifyReport()
    try:
        _run(report, progress)
    except Tampered as exc:
        report.problem = str(exc)
    return report


def _run(report: VerifyReport, progress: Callable[[int], None] | None) -> None:
    checkpoints = list(Checkpoint.objects.order_by("tree_size"))
    verifiers = trusted_verifiers()
    pending = list(reversed(checkpoints))
    previous: list[Checkpoint] = []
    tree = _Frontier()

    def at_roots(roots: dict[int, bytes]) -> None:
        while pending and pending[-1].tree_size in roots:
            cp = pending.pop()
            _check_checkpoint(cp, previous[-1] if previous else None, roots[cp.tree_size], verifiers, report)
            previous.append(cp)

    due = {cp.tree_size for cp in checkpoints}

    last = -1
    while True:
        batch = list(LogLeaf.objects.filter(index__gt=last).order_by("index")[:BATCH])
        if not batch:
            break
        at_roots(_check_batch(batch, tree, report, due))
        last = batch[-1].index
        if progress:
            progress(tree.size)
    if pending:
        raise Tampered(f"checkpoint of size {pending[-1].tree_size}: the log has only {tree.size} leaves")
    _check_head(tree)
    unlogged = HistoryEvent.objects.filter(log_leaf__isnull=True).order_by("pk").values_list("pk", flat=True).first()
    if unlogged is not None:
        raise Tampered(f"event {unlogged}: the event is not in the log (added outside event_record?)")


class _Frontier:
    def __init__(self) -> None:
        self.size = 0
        self.frontier: list[bytes] = []

    def append(self, leaf: bytes) -> list[tuple[merkle.NodeKey, bytes]]:
        self.frontier, made = merkle.frontier_append(self.frontier, self.size, leaf)
        self.size += 1
        return made

    @property
    def root(self) -> bytes:
        return merkle.frontier_root(self.frontier)


def _check_batch(batch: list[LogLeaf], tree: _Frontier, report: VerifyReport, due: set[int]) -> dict[int, bytes]:
    """Check a batch of leaves and the nodes they complete; return the roots at checkpoint sizes within it."""
    events = HistoryEvent.objects.in_bulk([leaf.event_id for leaf in batch])
    facts = {
        f.event_id: f
        for f in store.facts_of(list(events.values()), store.vins_of(e.vehicle_id for e in events.values()))
    }
    salts = store.salts_find(leaves.needed_subjects(facts.values()))
    made_all: list[tuple[merkle.NodeKey, bytes]] = []
    roots: dict[int, bytes] = {}
    for leaf in batch:
        where = f"leaf {leaf.index} (event {leaf.event_id})"
        if leaf.index != tree.size:
            raise Tampered(f"leaf {tree.size}: missing (the next stored leaf is {leaf.index})")
        computed = merkle.leaf_hash(leaf.leaf.encode())
        if computed.hex() != leaf.leaf_hash:
            raise Tampered(f"{where}: the stored leaf hash does not match the stored leaf")
        fact = facts.get(leaf.event_id)
        if fact is None:
            raise Tampered(f"{where}: the event row is missing")
        expected = leaves.leaf_document(fact, salts)
        wrong = leaves.mismatch(expected, json.loads(leaf.leaf))
        if wrong is not None:
            raise Tampered(f"{where}: the event row differs from the logged leaf at {wrong}")
        if leaves.has_unlinkable(expected):
            report.unlinkable += 1
        made_all.extend(tree.append(computed))
        report.leaves += 1
        if tree.size in due:
            roots[tree.size] = tree.root
    _check_nodes(made_all)
    report.nodes += len(made_all)
    return roots


def _check_nodes(made: list[tuple[merkle.NodeKey, bytes]]) -> None:
    if not made:
        return
    stored = store.DbNodes().nodes([k for k, _ in made])
    for (level, index), value in made:
        if stored.get((level, index)) != value:
            state = "missing" if (level, index) not in stored else "wrong"
            first, last = index << level, ((index + 1) << level) - 1
            raise Tampered(f"node level {level} index {index} (leaves {first}-{last}): the stored hash is {state}")


def _check_checkpoint(
    cp: Checkpoint, previous: Checkpoint | None, root: bytes, verifiers: list[notes.Verifier], report: VerifyReport
) -> None:
    where = f"checkpoint of size {cp.tree_size}"
    try:
        parsed = notes.checkpoint_verify(cp.note, verifiers, origin=cp.origin)
    except notes.NoteError as exc:
        raise Tampered(f"{where}: {exc}") from exc
    if parsed.size != cp.tree_size or parsed.root.hex() != cp.root_hash:
        raise Tampered(f"{where}: the signed note and the stored size or root disagree")
    if root != parsed.root:
        raise Tampered(f"{where}: the signed root does not match the root recomputed from the leaves")
    if previous is not None:
        try:
            proof = merkle.consistency_proof(previous.tree_size, cp.tree_size, store.DbNodes())
            merkle.verify_consistency(
                previous.tree_size, cp.tree_size, proof, bytes.fromhex(previous.root_hash), parsed.root
            )
        except merkle.ProofError as exc:
            raise Tampered(f"{where}: not consistent with the checkpoint of size {previous.tree_size} ({exc})") from exc
    report.checkpoints += 1


def _check_head(tree: _Frontier) -> None:
    size, frontier = store.head_read()
    if size != tree.size or frontier != tree.frontier:
        raise Tampered(f"log head: it says {size} leaves but the leaves give {tree.size} (or a different root)")
    extra = LogNode.objects.count()
    expected = sum((tree.size >> level) for level in range(1, tree.size.bit_length() + 1))
    if extra != expected:
        raise Tampered(f"log nodes: {extra} stored, {expected} expected for {tree.size} leaves")
