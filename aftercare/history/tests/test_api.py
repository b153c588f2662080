"""The public log API: what an outside RFC 9162 verifier fetches, checked with hashlib and cryptography only."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.apps import apps
from django.test import Client

from aftercare.history import services
from aftercare.history.models import LogLeaf

pytestmark = pytest.mark.django_db

T = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def outside_inclusion_check(index: int, size: int, leaf_hash: bytes, path: list[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2 written out again, independently of aftercare.history.merkle."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = _h(b"\x01" + p + r)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = _h(b"\x01" + r + p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def outside_consistency_check(m: int, n: int, proof: list[bytes], r1: bytes, r2: bytes) -> bool:
    """RFC 9162 §2.1.4.2 written out again."""
    if not 0 < m < n or not proof:
        return m == n and not proof and r1 == r2
    path = ([r1] if m & (m - 1) == 0 else []) + proof
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = _h(b"\x01" + c + fr), _h(b"\x01" + c + sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = _h(b"\x01" + sr + c)
        fn, sn = fn >> 1, sn >> 1
    return fr == r1 and sr == r2 and sn == 0


@pytest.fixture
def log() -> list[LogLeaf]:
    vehicle = apps.get_model("vehicles", "Vehicle").objects.create(vin="LSVAB2C10KA000001", wmi="LSV")
    for i in range(23):
        services.event_record(
            vehicle_id=vehicle.pk,
            event_type="ODOMETER_RECORDED",
            occurred_at=T + dt.timedelta(days=i),
            actor_user_id=None,
            payload={"km": 500 * i},
        )
        if i in (6, 22):
            services.checkpoint_publish()
    return list(LogLeaf.objects.order_by("index"))


def test_latest_checkpoint_is_public_and_its_signature_checks_out(client: Client, log) -> None:
    body = client.get("/api/v1/log/checkpoint").json()
    assert body["tree_size"] == 23
    note = body["checkpoint"]
    text, sig_block = note.split("\n\n")
    origin, size, root = text.split("\n")
    assert (origin, int(size), root) == (body["origin"], 23, body["root_hash"])
    name, key_hash, key_b64 = body["verifier_key"].split("+", 2)
    key = base64.b64decode(key_b64)
    assert key[0] == 1 and hashlib.sha256(name.encode() + b"\n" + key).digest()[:4].hex() == key_hash
    signature = base64.b64decode(sig_block.strip().split(" ")[2])
    assert signature[:4].hex() == key_hash
    Ed25519PublicKey.from_public_bytes(key[1:]).verify(signature[4:], (text + "\n").encode())  # raises if bad


def test_inclusion_proofs_by_hash_verify_for_every_leaf(client: Client, log) -> None:
    root = base64.b64decode(client.get("/api/v1/log/checkpoint").json()["root_hash"])
    for leaf in log:
        leaf_hash = hashlib.sha256(b"\x00" + leaf.leaf.encode()).digest()
        response = client.get("/api/v1/log/proof-by-hash", {"hash": base64.b64encode(leaf_hash).decode()})
        assert response.status_code == 200
        body = response.json()
        path = [base64.b64decode(p) for p in body["audit_path"]]
        assert body["leaf_index"] == leaf.index and body["tree_size"] == 23
        assert outside_inclusion_check(leaf.index, 23, leaf_hash, path, root)


def test_inclusion_proof_for_an_older_checkpoint_and_unknown_hashes(client: Client, log) -> None:
    older = client.get("/api/v1/log/checkpoints").json()["items"][-1]
    assert older["tree_size"] == 7
    leaf_hash = hashlib.sha256(b"\x00" + log[3].leaf.encode()).digest()
    body = client.get("/api/v1/log/proof-by-hash", {"hash": leaf_hash.hex(), "tree_size": 7}).json()
    path = [base64.b64decode(p) for p in body["audit_path"]]
    assert outside_inclusion_check(3, 7, leaf_hash, path, base64.b64decode(older["root_hash"]))
    late = hashlib.sha256(b"\x00" + log[10].leaf.encode()).digest()
    missing = client.get("/api/v1/log/proof-by-hash", {"hash": late.hex(), "tree_size": 7}, HTTP_ACCEPT_LANGUAGE="en")
    assert (missing.status_code, missing.json()["code"]) == (404, "leaf_not_found")
    bad = client.get("/api/v1/log/proof-by-hash", {"hash": "not-a-hash"}, HTTP_ACCEPT_LANGUAGE="en")
    assert (bad.status_code, list(bad.json()["fields"])) == (422, ["hash"])


def test_consistency_proof_between_the_two_checkpoints(client: Client, log) -> None:
    checkpoints = client.get("/api/v1/log/checkpoints").json()["items"]
    new, old = (base64.b64decode(c["root_hash"]) for c in checkpoints)
    body = client.get("/api/v1/log/consistency", {"first": 7, "second": 23}).json()
    proof = [base64.b64decode(p) for p in body["consistency"]]
    assert (body["first"], body["second"]) == (7, 23)
    assert outside_consistency_check(7, 23, proof, old, new)
    assert not outside_consistency_check(7, 23, proof, new, new)
    default = client.get("/api/v1/log/consistency", {"first": 7}).json()
    assert default["second"] == 23


@pytest.mark.parametrize(
    ("params", "field"),
    [({"first": 0}, "first"), ({"first": 9, "second": 5}, "first"), ({"first": 3, "second": 999}, "second")],
)
def test_consistency_refuses_impossible_sizes(client: Client, log, params, field) -> None:
    response = client.get("/api/v1/log/consistency", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422 and field in response.json()["fields"]


def test_no_checkpoint_yet_is_a_clear_404(client: Client) -> None:
    response = client.get("/api/v1/log/checkpoint", HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()["code"]) == (404, "no_checkpoint")


def test_the_public_api_is_rate_limited(client: Client, log, settings) -> None:
    settings.AFTERCARE_RATE_LIMITS = {"log_api": 3}
    from django.core.cache import cache

    cache.clear()
    codes = [client.get("/api/v1/log/checkpoint", HTTP_ACCEPT_LANGUAGE="en").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    body = client.get("/api/v1/log/checkpoint", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["code"] == "rate_limited"
    cache.clear()


def test_each_endpoint_is_documented(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/v1/log/checkpoint", "/api/v1/log/proof-by-hash", "/api/v1/log/consistency"):
        operation = paths[path]["get"]
        assert operation["description"] and operation["summary"]
        assert operation.get("security") in ([], [{}], None) or {} in operation.get("security", [])


def test_operators_publish_on_demand(client: Client, log) -> None:
    from aftercare.accounts.services import api_token_create
    from aftercare.network.tests.factories import StaffFactory

    key = api_token_create(user=StaffFactory(operator=True).user, name="ops")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    unchanged = client.post("/api/v1/log/checkpoints", **headers)
    assert (unchanged.status_code, unchanged.json()["tree_size"]) == (200, 23)
    vehicle_id = log[0].event.vehicle_id
    services.event_record(
        vehicle_id=vehicle_id, event_type="ACCIDENT_RECORDED", occurred_at=T, actor_user_id=None, payload={}
    )
    created = client.post("/api/v1/log/checkpoints", **headers)
    assert (created.status_code, created.json()["tree_size"]) == (201, 24)
