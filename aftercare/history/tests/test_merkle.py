"""RFC 9162 hashing and proofs: the 196 third-party vectors, every tree size 1..128, and properties."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from aftercare.history import merkle

VECTORS = Path(settings.AFTERCARE_DATA_DIR) / "merkle" / "testdata"
FILES = sorted(VECTORS.rglob("*.json"))


def _b(text: str) -> bytes:
    return base64.b64decode(text)


def reference_mth(leaves: list[bytes]) -> bytes:
    """MTH exactly as RFC 9162 §2.1.1 defines it, recursively, from the leaf data."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1 << ((n - 1).bit_length() - 1)
    return hashlib.sha256(b"\x01" + reference_mth(leaves[:k]) + reference_mth(leaves[k:])).digest()


def _verify_vector(case: dict) -> bool:
    proof = [_b(p) for p in case["proof"] or []]
    try:
        if "leafIdx" in case:
            merkle.verify_inclusion(case["leafIdx"], case["treeSize"], _b(case["leafHash"]), proof, _b(case["root"]))
        else:
            merkle.verify_consistency(case["size1"], case["size2"], proof, _b(case["root1"]), _b(case["root2"]))
    except merkle.ProofError:
        return False
    return True


def test_all_196_vectors_are_present() -> None:
    assert len(FILES) == 196
    kinds = {f.relative_to(VECTORS).parts[0] for f in FILES}
    assert kinds == {"inclusion", "consistency"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(VECTORS)))
def test_vector_gives_the_expected_result(path: Path) -> None:
    case = json.loads(path.read_text())
    assert _verify_vector(case) is not case["wantErr"], case["desc"]


def test_the_vectors_include_both_outcomes() -> None:
    outcomes = [json.loads(f.read_text())["wantErr"] for f in FILES]
    assert outcomes.count(False) >= 10 and outcomes.count(True) >= 150


def test_known_answers() -> None:
    # RFC 6962 test tree (certificate-transparency-go): the empty root and the leaf hash of "".
    assert merkle.EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert merkle.leaf_hash(b"").hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"


LEAVES = [bytes([i]) * (i % 7) + i.to_bytes(2, "big") for i in range(128)]
HASHES = [merkle.leaf_hash(leaf) for leaf in LEAVES]


@pytest.fixture(scope="module")
def tree() -> merkle.MemoryTree:
    return merkle.MemoryTree(HASHES)


def test_roots_of_every_size_match_the_rfc_definition(tree: merkle.MemoryTree) -> None:
    for n in range(129):
        expected = reference_mth(LEAVES[:n])
        assert tree.root(n) == expected == merkle.root_from_leaf_hashes(HASHES[:n]), n


def test_every_inclusion_proof_for_sizes_1_to_128_verifies(tree: merkle.MemoryTree) -> None:
    checked = 0
    for n in range(1, 129):
        root = tree.root(n)
        for i in range(n):
            proof = tree_proof = merkle.inclusion_proof(i, n, tree)
            merkle.verify_inclusion(i, n, HASHES[i], proof, root)
            # A proof for one leaf never verifies another leaf or another size.
            if n > 1:
                with pytest.raises(merkle.ProofError):
                    merkle.verify_inclusion(i, n, HASHES[(i + 1) % n], tree_proof, root)
            checked += 1
    assert checked == 128 * 129 // 2


def test_every_consistency_proof_between_sizes_1_to_128_verifies(tree: merkle.MemoryTree) -> None:
    roots = [tree.root(n) for n in range(129)]
    checked = 0
    for n in range(1, 129):
        for m in range(1, n + 1):
            proof = merkle.consistency_proof(m, n, tree)
            merkle.verify_consistency(m, n, proof, roots[m], roots[n])
            if m < n:
                with pytest.raises(merkle.ProofError):
                    merkle.verify_consistency(m, n, proof, roots[m - 1] if m > 1 else roots[n], roots[n])
            checked += 1
    assert checked == 128 * 129 // 2


def test_proofs_have_the_rfc_lengths(tree: merkle.MemoryTree) -> None:
    # An inclusion path has one hash per level on the leaf's way up; at most ceil(log2 n).
    for n in range(1, 129):
        for i in range(n):
            assert len(merkle.inclusion_proof(i, n, tree)) <= (n - 1).bit_length()


def test_out_of_range_requests_are_refused(tree: merkle.MemoryTree) -> None:
    with pytest.raises(merkle.ProofError):
        merkle.inclusion_proof(5, 5, tree)
    with pytest.raises(merkle.ProofError):
        merkle.consistency_proof(0, 5, tree)
    with pytest.raises(merkle.ProofError):
        merkle.consistency_proof(6, 5, tree)
    with pytest.raises(merkle.ProofError):
        merkle.inclusion_proof(0, 200, tree)  # the source lacks the nodes


def test_appending_writes_one_node_per_completed_subtree() -> None:
    t = merkle.MemoryTree()
    made = [len(t.append(h)) for h in HASHES[:16]]
    # leaf n completes as many subtrees as n+1 has trailing zero bits
    assert made == [((n + 1) & -(n + 1)).bit_length() - 1 for n in range(16)]


sizes = st.integers(min_value=1, max_value=300)


@hsettings(max_examples=60, deadline=None)
@given(data=st.data(), n=sizes)
def test_random_inclusion_proofs_verify_and_tampering_fails(data: st.DataObject, n: int) -> None:
    leaves = [f"leaf-{i}".encode() for i in range(n)]
    t = merkle.MemoryTree(merkle.leaf_hash(x) for x in leaves)
    i = data.draw(st.integers(min_value=0, max_value=n - 1))
    proof = merkle.inclusion_proof(i, n, t)
    root = reference_mth(leaves)
    merkle.verify_inclusion(i, n, merkle.leaf_hash(leaves[i]), proof, root)
    if proof:
        j = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
        bit = data.draw(st.integers(min_value=0, max_value=255))
        bad = list(proof)
        bad[j] = bytes([bad[j][0] ^ (1 << (bit % 8))]) + bad[j][1:]
        with pytest.raises(merkle.ProofError):
            merkle.verify_inclusion(i, n, merkle.leaf_hash(leaves[i]), bad, root)


@hsettings(max_examples=60, deadline=None)
@given(data=st.data(), n=sizes)
def test_random_consistency_proofs_verify_and_a_rewritten_history_fails(data: st.DataObject, n: int) -> None:
    leaves = [f"e{i}".encode() for i in range(n)]
    t = merkle.MemoryTree(merkle.leaf_hash(x) for x in leaves)
    m = data.draw(st.integers(min_value=1, max_value=n))
    proof = merkle.consistency_proof(m, n, t)
    merkle.verify_consistency(m, n, proof, reference_mth(leaves[:m]), reference_mth(leaves))
    if m < n:
        k = data.draw(st.integers(min_value=0, max_value=m - 1))
        forged = [*leaves[:k], b"forged", *leaves[k + 1 : m]]
        with pytest.raises(merkle.ProofError):
            merkle.verify_consistency(m, n, proof, reference_mth(forged), reference_mth(leaves))
