"""Append the events recorded before the log existed, in id order, so every event is verifiable."""

import datetime as dt
import secrets

from django.db import migrations

from aftercare.history import leaves, merkle

NODE_LEVEL_SHIFT = 56


def backfill(apps, schema_editor):
    event_model = apps.get_model("history", "HistoryEvent")
    leaf_model = apps.get_model("history", "LogLeaf")
    node_model = apps.get_model("history", "LogNode")
    head_model = apps.get_model("history", "LogHead")
    salt_model = apps.get_model("history", "SubjectSalt")
    vehicle_model = apps.get_model("vehicles", "Vehicle")
    if leaf_model.objects.exists() or not event_model.objects.exists():
        return
    vins = dict(vehicle_model.objects.values_list("pk", "vin"))
    salts = {}
    size, frontier = 0, []
    now = dt.datetime.now(dt.UTC)
    last = 0
    while True:
        batch = list(event_model.objects.filter(pk__gt=last).order_by("pk")[:2000])
        if not batch:
            break
        last = batch[-1].pk
        facts = [
            leaves.EventFacts(e.pk, vins[e.vehicle_id], e.event_type, e.occurred_at, e.actor_id, e.payload)
            for e in batch
        ]
        new = [s for s in leaves.needed_subjects(facts) if s not in salts]
        for kind, sid in new:
            salts[(kind, sid)] = secrets.token_bytes(32)
        salt_model.objects.bulk_create([salt_model(kind=k, subject_id=i, salt=salts[(k, i)]) for k, i in new])
        rows, nodes = [], []
        for fact in facts:
            text = leaves.leaf_text(fact, salts)
            h = merkle.leaf_hash(text.encode())
            frontier, made = merkle.frontier_append(frontier, size, h)
            rows.append(leaf_model(index=size, event_id=fact.event_id, leaf=text, leaf_hash=h.hex(), appended_at=now))
            nodes += [node_model(key=(lv << NODE_LEVEL_SHIFT) | i, hash=v) for (lv, i), v in made]
            size += 1
        leaf_model.objects.bulk_create(rows)
        node_model.objects.bulk_create(nodes)
    head_model.objects.update_or_create(pk=1, defaults={"size": size, "frontier": b"".join(frontier)})


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0005_transparency_log"),
        ("vehicles", "0003_bundled_wmi"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
