"""The database-backed log: appends in the event's transaction, proofs from stored nodes, checkpoints, verify."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from aftercare.history import leaves, merkle, notes, selectors, services, store
from aftercare.history.models import Checkpoint, HistoryEvent, LogHead, LogLeaf, LogNode, SubjectSalt
from aftercare.history.signing import log_signer, trusted_verifiers
from aftercare.history.verify import log_verify

pytestmark = pytest.mark.django_db

T = dt.datetime(2026, 1, 1, 8, 30, tzinfo=dt.UTC)


@pytest.fixture
def vehicle_id() -> int:
    return apps.get_model("vehicles", "Vehicle").objects.create(vin="LSVAB2C10KA000001", wmi="LSV").pk


def _record(vehicle_id: int, i: int, **payload) -> HistoryEvent:
    return services.event_record(
        vehicle_id=vehicle_id,
        event_type="ODOMETER_RECORDED",
        occurred_at=T + dt.timedelta(days=i),
        actor_user_id=None,
        payload={"km": 1000 * i, **payload},
    )


def _fill(vehicle_id: int, n: int, *, every: int = 0) -> list[HistoryEvent]:
    events = []
    for i in range(n):
        events.append(_record(vehicle_id, i))
        if every and (i + 1) % every == 0:
            services.checkpoint_publish()
    return events


def test_each_event_becomes_the_next_leaf_with_canonical_bytes(vehicle_id) -> None:
    first, second = _record(vehicle_id, 0, to_owner=7), _record(vehicle_id, 1)
    leaf = LogLeaf.objects.get(event=first)
    assert (leaf.index, LogLeaf.objects.get(event=second).index) == (0, 1)
    doc = json.loads(leaf.leaf)
    assert doc == {
        "v": 1,
        "event": first.pk,
        "vin": "LSVAB2C10KA000001",
        "type": "ODOMETER_RECORDED",
        "occurred_at": "2026-01-01T08:30:00.000000Z",
        "actor": None,
        "payload": {"km": 0, "to_owner": doc["payload"]["to_owner"]},
    }
    assert leaf.leaf == leaves.canonical(doc)
    assert leaf.leaf_hash == merkle.leaf_hash(leaf.leaf.encode()).hex()


def test_people_become_salted_pseudonyms_one_salt_per_person(vehicle_id, django_user_model) -> None:
    user = django_user_model.objects.create(username="advisor")
    a = services.event_record(
        vehicle_id=vehicle_id,
        event_type="OWNERSHIP_TRANSFERRED",
        occurred_at=T,
        actor_user_id=user.pk,
        payload={"from_owner": 3, "to_owner": 4, "transferred_on": "2026-01-01"},
    )
    b = _record(vehicle_id, 1, owner=4)
    text_a, text_b = LogLeaf.objects.get(event=a).leaf, LogLeaf.objects.get(event=b).leaf
    doc_a, doc_b = json.loads(text_a), json.loads(text_b)
    assert '"to_owner":4' not in text_a and f'"actor":{user.pk}' not in text_a
    assert doc_a["payload"]["to_owner"] == doc_b["payload"]["owner"]  # the same person links within the log
    assert doc_a["payload"]["from_owner"] != doc_a["payload"]["to_owner"]
    assert doc_a["actor"].startswith("p:")
    assert SubjectSalt.objects.count() == 3  # owner 3, owner 4, the user


def test_append_happens_in_the_callers_transaction(vehicle_id) -> None:
    _record(vehicle_id, 0)
    with pytest.raises(RuntimeError), transaction.atomic():
        _record(vehicle_id, 1)
        raise RuntimeError("the change failed")
    assert LogLeaf.objects.count() == 1 and LogHead.objects.get().size == 1
    _record(vehicle_id, 2)
    assert sorted(LogLeaf.objects.values_list("index", flat=True)) == [0, 1]


def test_stored_nodes_reproduce_the_tree_and_serve_every_proof(vehicle_id) -> None:
    events = _fill(vehicle_id, 37)
    hashes = [bytes.fromhex(h) for h in LogLeaf.objects.order_by("index").values_list("leaf_hash", flat=True)]
    assert len(hashes) == len(events)
    source = store.DbNodes()
    for n in range(1, 38):
        root = merkle.root_from_leaf_hashes(hashes[:n])
        assert merkle.root(n, source) == root
        for i in range(n):
            merkle.verify_inclusion(i, n, hashes[i], merkle.inclusion_proof(i, n, source), root)
        for m in range(1, n + 1):
            merkle.verify_consistency(m, n, merkle.consistency_proof(m, n, source), source_root(m), root)
    size, frontier = store.head_read()
    assert size == 37 and merkle.frontier_root(frontier) == merkle.root_from_leaf_hashes(hashes)
    assert LogNode.objects.count() == sum(37 >> lv for lv in range(1, 7))


def source_root(m: int) -> bytes:
    return merkle.root(m, store.DbNodes())


def test_an_append_and_a_proof_read_o_log_n_rows(vehicle_id) -> None:
    _fill(vehicle_id, 64)
    with CaptureQueriesContext(connection) as appended:
        _record(vehicle_id, 99)
    assert len(appended.captured_queries) <= 8
    with CaptureQueriesContext(connection) as proved:
        merkle.inclusion_proof(3, 65, store.DbNodes())
    assert len(proved.captured_queries) <= 2


def test_bulk_writers_append_in_one_pass(vehicle_id) -> None:
    built = [
        services.event_build(
            vehicle_id=vehicle_id, event_type="ODOMETER_RECORDED", occurred_at=T, actor_user_id=None, payload={"km": i}
        )
        for i in range(50)
    ]
    saved = HistoryEvent.objects.bulk_create(built)
    assert services.log_append_events(saved) == 50
    assert list(LogLeaf.objects.order_by("index").values_list("event_id", flat=True)) == [e.pk for e in saved]
    assert log_verify().ok


def test_checkpoint_is_a_signed_c2sp_note(vehicle_id) -> None:
    _fill(vehicle_id, 5)
    cp = services.checkpoint_publish()
    assert cp is not None
    body, signatures = cp.note.split("\n\n")
    origin, size, root_b64 = body.split("\n")
    assert size == "5"
    assert bytes.fromhex(cp.root_hash) == notes._unb64(root_b64) == merkle.root(5, store.DbNodes())
    signer = log_signer()
    line = signatures.rstrip("\n")
    assert line.startswith(f"— {signer.name} ")
    raw = notes._unb64(line.split(" ")[2])
    assert raw[:4] == notes.key_id(signer.name, signer.public) and len(raw) == 68
    parsed = notes.checkpoint_verify(cp.note, trusted_verifiers(), origin=origin)
    assert parsed.size == 5
    assert services.checkpoint_publish() is None  # unchanged tree: nothing new


def test_a_checkpoint_is_refused_when_the_stored_tree_is_not_consistent(vehicle_id) -> None:
    _fill(vehicle_id, 4)
    services.checkpoint_publish()
    _fill(vehicle_id, 3)
    node = LogNode.objects.get(key=store.node_key(2, 0))
    LogNode.objects.filter(key=node.key).update(hash=b"\x00" * 32)
    with pytest.raises(Exception) as excinfo:
        services.checkpoint_publish()
    assert getattr(excinfo.value, "code", "") == "checkpoint_inconsistent"
    assert Checkpoint.objects.count() == 1


def test_verify_passes_on_an_untouched_log(vehicle_id) -> None:
    _fill(vehicle_id, 30, every=7)
    report = log_verify()
    assert report.ok, report.problem
    assert (report.leaves, report.checkpoints) == (30, 4)
    out = io.StringIO()
    call_command("history", "verify", stdout=out)
    assert "Log verified: 30 leaves" in out.getvalue()


def _verify_fails() -> str:
    with pytest.raises(CommandError) as excinfo:
        call_command("history", "verify", stdout=io.StringIO())
    assert excinfo.value.returncode == 1
    return str(excinfo.value)


def test_an_event_row_changed_in_the_database_fails_verify_naming_it(vehicle_id) -> None:
    events = _fill(vehicle_id, 20, every=5)
    victim = events[12]
    HistoryEvent.objects.filter(pk=victim.pk).update(payload={"km": 1})  # roll the odometer back behind our back
    message = _verify_fails()
    assert f"leaf 12 (event {victim.pk})" in message and "/payload/km" in message


def test_a_changed_occurred_at_or_deleted_event_fails_verify(vehicle_id) -> None:
    events = _fill(vehicle_id, 6, every=3)
    HistoryEvent.objects.filter(pk=events[2].pk).update(occurred_at=T - dt.timedelta(days=400))
    assert f"event {events[2].pk}" in _verify_fails() and "occurred_at" in _verify_fails()
    HistoryEvent.objects.filter(pk=events[2].pk).update(occurred_at=events[2].occurred_at)
    assert log_verify().ok
    HistoryEvent.objects.filter(pk=events[4].pk).delete()
    assert f"leaf 4 (event {events[4].pk}): the event row is missing" in _verify_fails()


def test_a_changed_node_fails_verify_naming_it(vehicle_id) -> None:
    _fill(vehicle_id, 16, every=8)
    LogNode.objects.filter(key=store.node_key(3, 1)).update(hash=b"\x11" * 32)
    assert "node level 3 index 1 (leaves 8-15)" in _verify_fails()


def test_a_changed_leaf_fails_verify(vehicle_id) -> None:
    _fill(vehicle_id, 8, every=4)
    leaf = LogLeaf.objects.get(index=6)
    LogLeaf.objects.filter(index=6).update(leaf=leaf.leaf.replace('"km":6000', '"km":600'))
    assert "leaf 6" in _verify_fails()


def test_a_forged_checkpoint_fails_verify(vehicle_id) -> None:
    _fill(vehicle_id, 8, every=4)
    cp = Checkpoint.objects.get(tree_size=8)
    forged_root = "A" * 43 + "="
    lines = cp.note.split("\n")
    lines[2] = forged_root
    Checkpoint.objects.filter(pk=cp.pk).update(note="\n".join(lines))
    assert "checkpoint of size 8" in _verify_fails()


def test_a_checkpoint_signed_by_another_key_fails_verify(vehicle_id) -> None:
    _fill(vehicle_id, 4, every=4)
    cp = Checkpoint.objects.get()
    impostor = notes.signer_generate(log_signer().name)
    body = cp.note.split("\n\n")[0] + "\n"
    Checkpoint.objects.filter(pk=cp.pk).update(note=notes.note_sign(body, impostor))
    assert "no signature by a trusted key" in _verify_fails()


def test_an_event_inserted_outside_the_log_fails_verify(vehicle_id) -> None:
    _fill(vehicle_id, 3)
    sneaked = HistoryEvent.objects.create(vehicle_id=vehicle_id, event_type="ACCIDENT_RECORDED", occurred_at=T)
    assert f"event {sneaked.pk}: the event is not in the log" in _verify_fails()
    call_command("history", "backfill", stdout=io.StringIO())
    assert log_verify().ok


def test_erasing_a_person_keeps_the_tree_and_verify_reports_unlinkable_leaves(vehicle_id) -> None:
    _record(vehicle_id, 0, to_owner=9)
    _record(vehicle_id, 1, to_owner=10)
    services.checkpoint_publish()
    assert services.subject_forget(kind="owner", subject_id=9)
    report = log_verify()
    assert report.ok and report.unlinkable == 1
    # Other fields of the erased person's leaf are still checked.
    event = HistoryEvent.objects.order_by("pk").first()
    HistoryEvent.objects.filter(pk=event.pk).update(payload={"km": 5, "to_owner": 9})
    assert not log_verify().ok
    # A later event about the same person gets a fresh, unlinkable pseudonym.
    HistoryEvent.objects.filter(pk=event.pk).update(payload={"km": 0, "to_owner": 9})
    later = _record(vehicle_id, 2, to_owner=9)
    old = json.loads(LogLeaf.objects.get(index=0).leaf)["payload"]["to_owner"]
    assert json.loads(LogLeaf.objects.get(event=later).leaf)["payload"]["to_owner"] != old


def test_vehicle_log_reports_the_status_of_each_entry(vehicle_id) -> None:
    events = _fill(vehicle_id, 6)
    services.checkpoint_publish()
    _record(vehicle_id, 10)
    entries, checkpoint = selectors.vehicle_log(vehicle_id=vehicle_id)
    status = {e.event.pk: e.status for e in entries}
    assert checkpoint is not None and checkpoint.tree_size == 6
    assert [status[e.pk] for e in events] == [selectors.EntryStatus.VERIFIED] * 6
    assert next(iter(status.values())) == selectors.EntryStatus.PENDING  # newest first, not yet in a checkpoint
    HistoryEvent.objects.filter(pk=events[1].pk).update(payload={"km": 1})
    entries, _ = selectors.vehicle_log(vehicle_id=vehicle_id)
    assert {e.event.pk: e.status for e in entries}[events[1].pk] == selectors.EntryStatus.MISMATCH


def test_vehicle_log_reads_a_fixed_number_of_queries(vehicle_id) -> None:
    _fill(vehicle_id, 5)
    services.checkpoint_publish()
    with CaptureQueriesContext(connection) as few:
        selectors.vehicle_log(vehicle_id=vehicle_id)
    _fill(vehicle_id, 40)
    services.checkpoint_publish()
    with CaptureQueriesContext(connection) as many:
        assert len(selectors.vehicle_log(vehicle_id=vehicle_id)[0]) == 45
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_rebuild_starts_a_fresh_consistent_log(vehicle_id) -> None:
    events = _fill(vehicle_id, 10, every=5)
    HistoryEvent.objects.filter(pk__in=[e.pk for e in events[:4]]).delete()
    assert not log_verify().ok
    assert services.log_rebuild() == 6
    assert Checkpoint.objects.count() == 0 and log_verify().ok


def test_checkpoint_command_publishes_and_key_command_prints_the_verifier(vehicle_id) -> None:
    _fill(vehicle_id, 3)
    out = io.StringIO()
    call_command("history", "checkpoint", stdout=out)
    assert out.getvalue().splitlines()[1] == "3"
    out = io.StringIO()
    call_command("history", "checkpoint", stdout=out)
    assert "nothing published" in out.getvalue()
    out = io.StringIO()
    call_command("history", "key", stdout=out)
    assert log_signer().verifier_key in out.getvalue()
