"""The canonical, versioned leaf encoding of a history event, with people replaced by salted pseudonyms.

Leaf v1 is canonical JSON (UTF-8, keys sorted, no spaces):

    {"actor": <pseudonym|null>, "event": <id>, "occurred_at": "YYYY-MM-DDTHH:MM:SS.ffffffZ",
     "payload": {...}, "type": "<EVENT_TYPE>", "v": 1, "vin": "<VIN>"}

Payload values under person keys (owners, users, staff, customers) are replaced by
"p:" + the first 128 bits of HMAC-SHA256(salt of that person, "<kind>:<id>") in hex. Each person has
one random salt; deleting it (an erasure request) leaves the leaf and the tree intact but nobody can
link the pseudonym to the person any more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

LEAF_VERSION = 1
PSEUDONYM_PREFIX = "p:"

_EXACT_KEYS = {
    "owner": "owner",
    "owner_id": "owner",
    "to_owner": "owner",
    "from_owner": "owner",
    "previous_owner": "owner",
    "new_owner": "owner",
    "customer": "customer",
    "customer_id": "customer",
    "user": "user",
    "user_id": "user",
    "actor": "user",
    "recorded_by": "user",
    "staff": "staff",
    "staff_id": "staff",
    "advisor": "staff",
    "advisor_id": "staff",
    "technician": "staff",
    "technician_id": "staff",
    "inspector": "staff",
    "inspector_id": "staff",
}
_SUFFIXES = (
    ("_owner_id", "owner"),
    ("_owner", "owner"),
    ("_customer_id", "customer"),
    ("_user_id", "user"),
    ("_staff_id", "staff"),
    ("_advisor_id", "staff"),
    ("_technician_id", "staff"),
)

Subject = tuple[str, int]


class Unlinkable:
    """Stands for a pseudonym whose salt was deleted: any pseudonym matches it."""

    def __repr__(self) -> str:
        return "<erased>"


UNLINKABLE = Unlinkable()


def subject_kind(key: str) -> str | None:
    """The kind of person a payload key refers to, or None when the key carries no person."""
    if key in _EXACT_KEYS:
        return _EXACT_KEYS[key]
    return next((kind for suffix, kind in _SUFFIXES if key.endswith(suffix)), None)


def _ids(value: Any) -> list[int]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, str) and value.isdigit():
        return [int(value)]
    if isinstance(value, list):
        return [i for v in value for i in _ids(v)]
    return []


def subjects_of(actor_user_id: int | None, payload: Mapping[str, Any]) -> set[Subject]:
    """Every person an event refers to, as (kind, id)."""
    found: set[Subject] = {("user", actor_user_id)} if actor_user_id is not None else set()
    for key, value in payload.items():
        kind = subject_kind(key)
        if kind is not None:
            found.update((kind, i) for i in _ids(value))
        elif isinstance(value, dict):
            found |= subjects_of(None, value)
    return found


def pseudonym(salt: bytes, kind: str, subject_id: int) -> str:
    """The salted pseudonym of one person."""
    mac = hmac.new(salt, f"{kind}:{subject_id}".encode(), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + mac[:32]


def _replace(kind: str, value: Any, salts: Mapping[Subject, bytes]) -> Any:
    if isinstance(value, list):
        return [_replace(kind, v, salts) for v in value]
    ids = _ids(value)
    if not ids:
        return value
    salt = salts.get((kind, ids[0]))
    return UNLINKABLE if salt is None else pseudonym(salt, kind, ids[0])


def _masked(payload: Mapping[str, Any], salts: Mapping[Subject, bytes]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in payload.items():
        kind = subject_kind(key)
        if kind is not None:
            out[key] = _replace(kind, value, salts)
        elif isinstance(value, dict):
            out[key] = _masked(value, salts)
        else:
            out[key] = value
    return out


def timestamp(moment: dt.datetime) -> str:
    """UTC with microseconds, as every database returns it."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class EventFacts:
    """What a leaf is built from: the stored event row and its vehicle's VIN."""

    event_id: int
    vin: str
    event_type: str
    occurred_at: dt.datetime
    actor_user_id: int | None
    payload: Mapping[str, Any]


def leaf_document(facts: EventFacts, salts: Mapping[Subject, bytes]) -> dict[str, Any]:
    """The leaf as a dict; people whose salt is missing appear as UNLINKABLE."""
    actor = _replace("user", facts.actor_user_id, salts) if facts.actor_user_id is not None else None
    # A JSON round trip gives exactly the values the database will hand back later.
    payload = json.loads(json.dumps(dict(facts.payload)))
    return {
        "v": LEAF_VERSION,
        "event": facts.event_id,
        "vin": facts.vin,
        "type": facts.event_type,
        "occurred_at": timestamp(facts.occurred_at),
        "actor": actor,
        "payload": _masked(payload, salts),
    }


def canonical(document: Mapping[str, Any]) -> str:
    """Canonical JSON text: sorted keys, no whitespace, UTF-8 kept as is."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def leaf_text(facts: EventFacts, salts: Mapping[Subject, bytes]) -> str:
    """The canonical leaf text; every referenced person must have a salt."""
    document = leaf_document(facts, salts)
    if has_unlinkable(document):
        raise ValueError("every person in a new leaf needs a salt")
    return canonical(document)


def has_unlinkable(value: Any) -> bool:
    """True when a rebuilt leaf refers to a person whose salt was deleted."""
    if value is UNLINKABLE:
        return True
    if isinstance(value, dict):
        return any(has_unlinkable(v) for v in value.values())
    if isinstance(value, list):
        return any(has_unlinkable(v) for v in value)
    return False


def mismatch(expected: Any, stored: Any, path: str = "") -> str | None:
    """The first field where a stored leaf differs from the one rebuilt from the event, or None.

    An UNLINKABLE expectation matches any pseudonym: the person was erased, the rest still checks.
    """
    if expected is UNLINKABLE:
        ok = isinstance(stored, str) and stored.startswith(PSEUDONYM_PREFIX)
        return None if ok else path or "/"
    if isinstance(expected, dict) and isinstance(stored, dict):
        for key in sorted(set(expected) | set(stored)):
            if key not in expected or key not in stored:
                return f"{path}/{key}"
            found = mismatch(expected[key], stored[key], f"{path}/{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(stored, list) and len(expected) == len(stored):
        for i, (e, s) in enumerate(zip(expected, stored, strict=True)):
            found = mismatch(e, s, f"{path}/{i}")
            if found:
                return found
        return None
    return None if expected == stored and type(expected) is type(stored) else (path or "/")


def needed_subjects(events: Iterable[EventFacts]) -> set[Subject]:
    """Every person a batch of events refers to."""
    return {s for e in events for s in subjects_of(e.actor_user_id, e.payload)}
