"""RFC 9162 Merkle tree hashing and proofs, pure Python (no Django).

Hashes follow RFC 9162 §2.1 (identical to RFC 6962): SHA-256, leaf hash SHA-256(0x00 || leaf),
node hash SHA-256(0x01 || left || right). Proofs are generated from a `NodeSource`, which answers
the hashes of *perfect* subtrees: node (level, index) covers leaves [index·2^level, (index+1)·2^level).
Every hash a proof needs is such a node or is folded from a few of them, so a store that keeps the
perfect-subtree hashes answers any proof with O(log n) reads and never rebuilds the tree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()

NodeKey = tuple[int, int]  # (level, index); level 0 holds the leaf hashes


class ProofError(ValueError):
    """A proof, size or index that does not verify."""


class NodeSource(Protocol):
    """Anything that can answer the hashes of perfect subtrees of the log (all keys must exist)."""

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]: ...


def leaf_hash(leaf: bytes) -> bytes:
    """SHA-256(0x00 || leaf)."""
    return hashlib.sha256(LEAF_PREFIX + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right)."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root_from_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of RFC 9162 §2.1.1 computed directly from leaf hashes (for tests and small trees)."""
    if not hashes:
        return EMPTY_ROOT
    level = list(hashes)
    while len(level) > 1:
        nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])  # an odd node is promoted unchanged, which equals the RFC's split rule
        level = nxt
    return level[0]


# ---------------------------------------------------------------- ranges → perfect nodes


def perfect_nodes(start: int, end: int) -> list[NodeKey]:
    """The aligned perfect subtrees that make up leaves [start, end), left to right."""
    keys: list[NodeKey] = []
    while start < end:
        # The biggest aligned block starting at `start` that still fits before `end`.
        level = (start & -start).bit_length() - 1 if start else (end - start).bit_length() - 1
        while (1 << level) > end - start:
            level -= 1
        keys.append((level, start >> level))
        start += 1 << level
    return keys


def fold(hashes: Sequence[bytes]) -> bytes:
    """Fold perfect-subtree hashes, left to right, into the hash of their union (right to left)."""
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = node_hash(h, acc)
    return acc


def range_hash(start: int, end: int, found: Mapping[NodeKey, bytes]) -> bytes:
    """MTH(D[start:end]) for the ranges RFC 9162 proofs use (start aligned to the split of end - start)."""
    return fold([found[k] for k in perfect_nodes(start, end)])


def _inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The ranges whose hashes form PATH(m, D[n]) of RFC 9162 §2.1.3.1, leaf side first."""
    ranges: list[tuple[int, int]] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo = lo + k
    ranges.reverse()
    return ranges


def _consistency_ranges(size1: int, size2: int) -> list[tuple[int, int]]:
    """The ranges whose hashes form PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1."""
    ranges: list[tuple[int, int]] = []
    lo, hi, whole = 0, size2, True
    while size1 != hi:
        k = _split(hi - lo)
        if size1 <= lo + k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo, whole = lo + k, False
    if not whole:
        ranges.append((lo, hi))
    ranges.reverse()
    return ranges


def _resolve(ranges: Sequence[tuple[int, int]], source: NodeSource) -> list[bytes]:
    keys = sorted({k for a, b in ranges for k in perfect_nodes(a, b)})
    found = source.nodes(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        raise ProofError(f"the node source lacks {missing[:3]}")
    return [range_hash(a, b, found) for a, b in ranges]


def proof_keys(ranges: Iterable[tuple[int, int]]) -> set[NodeKey]:
    """Every perfect node the given ranges need (lets a store batch several proofs in one read)."""
    return {k for a, b in ranges for k in perfect_nodes(a, b)}


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges an inclusion proof for `index` in a tree of `size` consists of."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    return _inclusion_ranges(index, size)


def consistency_ranges(size1: int, size2: int) -> list[tuple[int, int]]:
    """The leaf ranges a consistency proof between the two sizes consists of (empty when equal)."""
    if not 0 < size1 <= size2:
        raise ProofError(f"no consistency proof from size {size1} to size {size2}")
    return [] if size1 == size2 else _consistency_ranges(size1, size2)


def inclusion_proof(index: int, size: int, source: NodeSource) -> list[bytes]:
    """The audit path for leaf `index` in the tree of the first `size` leaves (RFC 9162 §2.1.3.1)."""
    return _resolve(inclusion_ranges(index, size), source)


def consistency_proof(size1: int, size2: int, source: NodeSource) -> list[bytes]:
    """The consistency proof between the trees of the first size1 and size2 leaves (RFC 9162 §2.1.4.1)."""
    return _resolve(consistency_ranges(size1, size2), source)


def root(size: int, source: NodeSource) -> bytes:
    """MTH of the first `size` leaves from at most log2(size) perfect nodes."""
    if size == 0:
        return EMPTY_ROOT
    keys = perfect_nodes(0, size)
    found = source.nodes(keys)
    return fold([found[k] for k in keys])


# ---------------------------------------------------------------- verification (RFC 9162)


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root_hash: bytes) -> None:
    """RFC 9162 §2.1.3.2: raise ProofError unless `proof` shows leaf hash `leaf` at `index` under `root_hash`."""
    if index >= size or index < 0:
        raise ProofError("leaf index is not below the tree size")
    if len(leaf) != HASH_SIZE or len(root_hash) != HASH_SIZE or any(len(p) != HASH_SIZE for p in proof):
        raise ProofError("hashes must be 32 bytes")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("the proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the proof is shorter than the tree is deep")
    if r != root_hash:
        raise ProofError("the computed root does not match")


def verify_consistency(size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes) -> None:
    """RFC 9162 §2.1.4.2: raise ProofError unless the tree of size1 (root1) is a prefix of size2 (root2)."""
    if size1 > size2:
        raise ProofError("size1 is greater than size2")
    if size1 == 0:
        raise ProofError("a consistency proof from the empty tree proves nothing")
    if size1 == size2:
        if proof:
            raise ProofError("equal sizes need an empty proof")
        if root1 != root2:
            raise ProofError("equal sizes but different roots")
        return
    if not proof:
        raise ProofError("empty proof")
    if len(root1) != HASH_SIZE or len(root2) != HASH_SIZE or any(len(p) != HASH_SIZE for p in proof):
        raise ProofError("hashes must be 32 bytes")
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the proof is too long")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the proof is too short")
    if fr != root1:
        raise ProofError("the proof does not lead to the first root")
    if sr != root2:
        raise ProofError("the proof does not lead to the second root")


# ---------------------------------------------------------------- appending


def frontier_append(frontier: list[bytes], size: int, leaf: bytes) -> tuple[list[bytes], list[tuple[NodeKey, bytes]]]:
    """Append one leaf hash to a compact range; return the new range and the perfect nodes it completed.

    `frontier` holds the hashes of the perfect subtrees of the binary decomposition of `size`,
    biggest (leftmost) first. Completed nodes are what a store must persist to serve later proofs.
    """
    stack = list(frontier)
    h, level, index = leaf, 0, size
    made: list[tuple[NodeKey, bytes]] = []
    while index & 1:
        h = node_hash(stack.pop(), h)
        level += 1
        index >>= 1
        made.append(((level, index), h))
    stack.append(h)
    return stack, made


def frontier_root(frontier: Sequence[bytes]) -> bytes:
    """The root of the tree a compact range describes."""
    return fold(frontier) if frontier else EMPTY_ROOT


class MemoryTree:
    """An in-memory log with the same node layout a store keeps; used by tests, the verifier and benchmarks."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self.levels: list[list[bytes]] = [[]]
        self.frontier: list[bytes] = []
        for h in leaf_hashes:
            self.append(h)

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def append(self, leaf: bytes) -> list[tuple[NodeKey, bytes]]:
        """Add a leaf hash; return the perfect nodes it completed."""
        self.frontier, made = frontier_append(self.frontier, self.size, leaf)
        self.levels[0].append(leaf)
        for (level, _index), h in made:
            if len(self.levels) <= level:
                self.levels.append([])
            self.levels[level].append(h)
        return made

    def nodes(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        return {(lv, i): self.levels[lv][i] for lv, i in keys if lv < len(self.levels) and i < len(self.levels[lv])}

    def root(self, size: int | None = None) -> bytes:
        return root(self.size if size is None else size, self)
