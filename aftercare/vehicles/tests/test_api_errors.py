"""Bad input on every write endpoint of /api/v1.

Each case answers 4xx JSON {code, message, fields} naming the field, in English for `en` and in
Chinese for `zh-hans`, and saves nothing. A test fails when the OpenAPI schema gains an unsafe
operation (POST/PUT/PATCH/DELETE) that has no case in CASES.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from aftercare.accounts.services import api_token_create
from aftercare.network.tests.factories import CustomerFactory, StaffFactory, StoreFactory
from aftercare.notifications.services import inbox_post
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles.tests.conftest import CJK, assert_chinese
from aftercare.vehicles.tests.factories import make_plate, make_vin, vehicle_with_owner

pytestmark = pytest.mark.django_db

INVALID = "Please correct the highlighted fields."
REQUIRED = "This field is required."
NUMBER = "Enter a number."
DATE = "Enter a valid date (YYYY-MM-DD)."
NOT_VALID = "This value is not valid."
TOO_LONG = "This text is too long."
BOOLEAN = "Enter true or false."


@dataclass
class Small:
    """One dealer group with a manager, a technician and a customer's car; an owner with a login."""

    manager_key: str
    technician_key: str
    owner_key: str
    vehicle_id: int
    customer_id: int
    staff_id: int
    technician_staff_id: int
    message_id: int
    foreign_advisor_id: int


@pytest.fixture(scope="module")
def small(django_db_setup: None, django_db_blocker: Any) -> Iterator[Small]:
    with django_db_blocker.unblock(), transaction.atomic():
        store = StoreFactory()
        manager = StaffFactory(store=store, manager=True)
        advisor = StaffFactory(store=store)
        technician = StaffFactory(store=store, technician=True)
        owner = OwnerFactory(login=True, name="段小明")
        vehicle = vehicle_with_owner(dealer_group=store.dealer_group, owner=owner, advisor=advisor)
        customer = CustomerFactory(dealer_group=store.dealer_group, advisor=advisor)
        message = inbox_post(recipient_id=owner.user_id, kind="test", title="hello")
        outsider = StaffFactory()
        yield Small(
            manager_key=api_token_create(user=manager.user, name="t")[1],
            technician_key=api_token_create(user=technician.user, name="t")[1],
            owner_key=api_token_create(user=owner.user, name="t")[1],
            vehicle_id=vehicle.pk,
            customer_id=customer.pk,
            staff_id=advisor.pk,
            technician_staff_id=technician.pk,
            message_id=message.pk,
            foreign_advisor_id=outsider.pk,
        )
        transaction.set_rollback(True)


@dataclass(frozen=True)
class Case:
    """One bad request: who sends what where, and the error it must get."""

    name: str
    method: str
    path: str  # OpenAPI path; {…_id} is filled from the world
    caller: str  # "manager" | "technician" | "owner" | "anonymous"
    body: Any
    status: int
    code: str
    fields: dict[str, str | None]  # field -> exact English message (None: any non-empty message)
    message: str = INVALID
    raw: bool = False  # send body as-is instead of JSON-encoding it


def _licence(**overrides: Any) -> dict[str, Any]:
    return {
        "registered_owner_name": "段小明",
        "vehicle_type": "小型轿车",
        "use_type": "private",
        "registration_date": "2020-01-01",
        "issue_date": "2023-05-01",
    } | overrides


def _vehicle(**overrides: Any) -> dict[str, Any]:
    return {
        "vin": make_vin(900),
        "plate": make_plate(900),
        "owner": {"phone": "13900009000", "name": "新车主"},
        "licence": _licence(),
    } | overrides


def _transfer(**overrides: Any) -> dict[str, Any]:
    return {"new_owner": {"phone": "13900009001", "name": "买家"}, "transferred_on": "2025-06-01"} | overrides


VEHICLES = "/api/v1/vehicles"
TRANSFER = "/api/v1/vehicles/{vehicle_id}/transfer"
ODOMETER = "/api/v1/vehicles/{vehicle_id}/odometer"
DEPART = "/api/v1/staff/{staff_id}/depart"
ADVISOR = "/api/v1/customers/{customer_id}/advisor"
REVEAL = "/api/v1/customers/{customer_id}/reveal"
CONSENTS = "/api/v1/customers/{customer_id}/consents"
OTP_REQUEST = "/api/v1/auth/otp/request"
OTP_VERIFY = "/api/v1/auth/otp/verify"
TOKENS = "/api/v1/auth/tokens"
TOKEN = "/api/v1/auth/tokens/{token_id}"
PROFILE = "/api/v1/owners/me"
MY_CONSENTS = "/api/v1/owners/me/consents"
INBOX_READ = "/api/v1/inbox/{message_id}/read"
INBOX_READ_ALL = "/api/v1/inbox/read-all"
FUTURE = "2999-01-01"
CHECK_DIGIT = (
    "The check digit (position 9) does not match: it is 3 but the other characters require 2. "
    "Check the VIN for a typing mistake."
)

CASES: list[Case] = [
    # POST /vehicles
    Case("vehicle missing vin", "POST", VEHICLES, "manager", {}, 422, "invalid_input", {"vin": REQUIRED}),
    Case(
        "vehicle vin wrong type",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(vin=12345),
        422,
        "invalid_input",
        {"vin": NOT_VALID},
    ),
    Case(
        "vehicle bad check digit",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(vin="LSJA24U63JG269225"),
        400,
        "invalid_input",
        {"vin": CHECK_DIGIT},
    ),
    Case(
        "vehicle vin with O",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(vin="LSJA24U62JG26922O"),
        400,
        "invalid_input",
        {"vin": "A VIN never contains the letters I, O or Q (found: O)."},
    ),
    Case(
        "vehicle bad plate",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(plate="京AI2345"),
        400,
        "invalid_input",
        {"plate": "Plates never use the letters I or O (found: I)."},
    ),
    Case(
        "vehicle landline owner phone",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(owner={"phone": "010 12345678", "name": "新车主"}),
        400,
        "invalid_input",
        {"owner.phone": "Enter a mobile number that can receive text messages."},
    ),
    Case(
        "vehicle missing owner",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(owner=None),
        400,
        "invalid_input",
        {"owner.phone": None, "owner.name": "Enter the owner's name."},
    ),
    Case(
        "vehicle unparseable date",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(licence=_licence(registration_date="2024-13-45")),
        422,
        "invalid_input",
        {"licence.registration_date": DATE},
    ),
    Case(
        "vehicle future registration",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(licence=_licence(registration_date=FUTURE, issue_date=FUTURE)),
        400,
        "invalid_input",
        {
            "licence.registration_date": "The registration date cannot be in the future.",
            "licence.issue_date": "The issue date cannot be in the future.",
        },
    ),
    Case(
        "vehicle unknown use type",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(licence=_licence(use_type="hire")),
        400,
        "invalid_input",
        {"licence.use_type": "Choose the use type printed on the licence."},
    ),
    Case(
        "vehicle licence missing fields",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(licence={"use_type": "private"}),
        422,
        "invalid_input",
        {"licence.registered_owner_name": REQUIRED, "licence.vehicle_type": REQUIRED},
    ),
    Case(
        "vehicle future purchase",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(owned_since=FUTURE),
        400,
        "invalid_input",
        {"owned_since": "The purchase date cannot be in the future."},
    ),
    Case(
        "vehicle odometer not a number",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(odometer_km="lots"),
        422,
        "invalid_input",
        {"odometer_km": NUMBER},
    ),
    Case(
        "vehicle by a technician",
        "POST",
        VEHICLES,
        "technician",
        _vehicle(),
        403,
        "permission_denied",
        {},
        "You do not have permission to do this.",
    ),
    Case(
        "vehicle owner without plate",
        "POST",
        VEHICLES,
        "owner",
        _vehicle(plate="", owner=None),
        400,
        "invalid_input",
        {"plate": "Enter the licence plate."},
    ),
    Case(
        "vehicle body not json",
        "POST",
        VEHICLES,
        "manager",
        "{not json",
        400,
        "invalid_input",
        {},
        "The request body is not valid JSON.",
        raw=True,
    ),
    # POST /vehicles/{id}/transfer
    Case(
        "transfer empty",
        "POST",
        TRANSFER,
        "manager",
        {},
        422,
        "invalid_input",
        {"new_owner": REQUIRED, "transferred_on": REQUIRED},
    ),
    Case(
        "transfer date text",
        "POST",
        TRANSFER,
        "manager",
        _transfer(transferred_on="yesterday"),
        422,
        "invalid_input",
        {"transferred_on": DATE},
    ),
    Case(
        "transfer in the future",
        "POST",
        TRANSFER,
        "manager",
        _transfer(transferred_on=FUTURE),
        400,
        "invalid_input",
        {"transferred_on": "The transfer date cannot be in the future."},
    ),
    Case(
        "transfer before purchase",
        "POST",
        TRANSFER,
        "manager",
        _transfer(transferred_on="2020-01-01"),
        400,
        "invalid_input",
        {"transferred_on": "The transfer date cannot be before the current owner's purchase date."},
    ),
    Case(
        "transfer garbage phone",
        "POST",
        TRANSFER,
        "manager",
        _transfer(new_owner={"phone": "not a phone", "name": "买家"}),
        400,
        "invalid_input",
        {"new_owner.phone": "This does not look like a phone number."},
    ),
    Case(
        "transfer by an owner",
        "POST",
        TRANSFER,
        "owner",
        _transfer(),
        403,
        "permission_denied",
        {},
        "You do not have permission to do this.",
    ),
    # POST /vehicles/{id}/odometer
    Case(
        "odometer empty",
        "POST",
        ODOMETER,
        "manager",
        {},
        400,
        "invalid_input",
        {"km": "Enter the odometer reading in kilometres."},
    ),
    Case(
        "odometer negative",
        "POST",
        ODOMETER,
        "manager",
        {"km": -5},
        400,
        "invalid_input",
        {"km": "The odometer reading must be between 0 and 2,000,000 km."},
    ),
    Case("odometer text", "POST", ODOMETER, "manager", {"km": "abc"}, 422, "invalid_input", {"km": NUMBER}),
    Case("odometer fraction", "POST", ODOMETER, "manager", {"km": 1.5}, 422, "invalid_input", {"km": NUMBER}),
    Case(
        "odometer future",
        "POST",
        ODOMETER,
        "owner",
        {"km": 100, "read_at": f"{FUTURE}T00:00:00Z"},
        400,
        "invalid_input",
        {"read_at": "The reading time cannot be in the future."},
    ),
    Case(
        "odometer bad time",
        "POST",
        ODOMETER,
        "manager",
        {"km": 100, "read_at": "noon"},
        422,
        "invalid_input",
        {"read_at": DATE},
    ),
    Case(
        "odometer note long",
        "POST",
        ODOMETER,
        "manager",
        {"km": 100, "note": "x" * 201},
        400,
        "invalid_input",
        {"note": "Keep the note under 200 characters."},
    ),
    Case(
        "odometer note too long",
        "POST",
        ODOMETER,
        "manager",
        {"km": 100, "note": "x" * 401},
        422,
        "invalid_input",
        {"note": TOO_LONG},
    ),
    # POST /staff/{id}/depart
    Case(
        "depart successor text",
        "POST",
        DEPART,
        "manager",
        {"successor_id": "x"},
        422,
        "invalid_input",
        {"successor_id": NUMBER},
    ),
    Case(
        "depart foreign successor",
        "POST",
        DEPART,
        "manager",
        {"successor_id": "{foreign_advisor_id}"},
        400,
        "successor_invalid",
        {"successor_id": "Choose an active advisor in the same dealer group."},
        "The chosen successor is not an active advisor in the same dealer group.",
    ),
    Case(
        "depart by a technician",
        "POST",
        DEPART,
        "technician",
        {},
        403,
        "permission_denied",
        {},
        "You do not have permission to do this.",
    ),
    # POST /customers/{id}/advisor
    Case("advisor missing", "POST", ADVISOR, "manager", {}, 422, "invalid_input", {"advisor_id": REQUIRED}),
    Case(
        "advisor is a technician",
        "POST",
        ADVISOR,
        "manager",
        {"advisor_id": "{technician_staff_id}"},
        400,
        "advisor_invalid",
        {"advisor_id": "Choose an active advisor in your dealer group."},
        "The advisor must be an active advisor in your dealer group.",
    ),
    # POST /customers/{id}/reveal
    Case("reveal missing reason", "POST", REVEAL, "manager", {}, 422, "invalid_input", {"reason": REQUIRED}),
    Case(
        "reveal blank reason",
        "POST",
        REVEAL,
        "manager",
        {"reason": "   "},
        400,
        "reveal_reason_required",
        {"reason": "Say why you need the full personal data; the reason is kept in the audit log."},
        "Say why you need the full personal data; the reason is kept in the audit log.",
    ),
    Case(
        "reveal reason too long",
        "POST",
        REVEAL,
        "manager",
        {"reason": "x" * 201},
        422,
        "invalid_input",
        {"reason": TOO_LONG},
    ),
    Case(
        "reveal without permission",
        "POST",
        REVEAL,
        "technician",
        {"reason": "curious"},
        403,
        "reveal_not_allowed",
        {},
        "You do not have permission to see this owner's full personal data.",
    ),
    # POST /customers/{id}/consents
    Case(
        "consent unknown purpose",
        "POST",
        CONSENTS,
        "manager",
        {"purpose": "selling_data", "granted": True},
        400,
        "consent_purpose_invalid",
        {"purpose": "Unknown consent purpose."},
        "Unknown consent purpose.",
    ),
    Case(
        "consent granted not boolean",
        "POST",
        CONSENTS,
        "manager",
        {"purpose": "marketing", "granted": "perhaps"},
        422,
        "invalid_input",
        {"granted": BOOLEAN},
    ),
    Case(
        "consent empty",
        "POST",
        CONSENTS,
        "manager",
        {},
        422,
        "invalid_input",
        {"purpose": REQUIRED, "granted": REQUIRED},
    ),
    # POST /auth/otp/request
    Case("otp request missing phone", "POST", OTP_REQUEST, "anonymous", {}, 422, "invalid_input", {"phone": REQUIRED}),
    Case(
        "otp request landline",
        "POST",
        OTP_REQUEST,
        "anonymous",
        {"phone": "010 12345678"},
        400,
        "phone_not_mobile",
        {"phone": "Enter a mobile number that can receive text messages."},
        "Enter a mobile number that can receive text messages.",
    ),
    Case(
        "otp request garbage",
        "POST",
        OTP_REQUEST,
        "anonymous",
        {"phone": "call me maybe"},
        400,
        "phone_unreadable",
        {"phone": "This does not look like a phone number."},
        "This does not look like a phone number.",
    ),
    # POST /auth/otp/verify
    Case(
        "otp verify empty",
        "POST",
        OTP_VERIFY,
        "anonymous",
        {},
        422,
        "invalid_input",
        {"phone": REQUIRED, "code": REQUIRED},
    ),
    Case(
        "otp verify short code",
        "POST",
        OTP_VERIFY,
        "anonymous",
        {"phone": "13812345678", "code": "12"},
        400,
        "otp_format",
        {"code": "Enter the 6-digit code from the text message."},
        "Enter the 6-digit code from the text message.",
    ),
    Case(
        "otp verify no code sent",
        "POST",
        OTP_VERIFY,
        "anonymous",
        {"phone": "13812345678", "code": "123456"},
        400,
        "otp_invalid",
        {"code": "The code is wrong or has expired. Ask for a new one."},
        "The code is wrong or has expired. Ask for a new one.",
    ),
    Case(
        "otp verify bad phone",
        "POST",
        OTP_VERIFY,
        "anonymous",
        {"phone": "123", "code": "123456"},
        400,
        "phone_invalid",
        {"phone": "This phone number is not valid."},
        "This phone number is not valid.",
    ),
    # POST /auth/tokens
    Case("token missing name", "POST", TOKENS, "owner", {}, 422, "invalid_input", {"name": REQUIRED}),
    Case(
        "token blank name",
        "POST",
        TOKENS,
        "manager",
        {"name": "  "},
        400,
        "token_name_required",
        {"name": "Give the token a name so you can recognise it later."},
        "Give the token a name so you can recognise it later.",
    ),
    Case("token name too long", "POST", TOKENS, "owner", {"name": "x" * 101}, 422, "invalid_input", {"name": TOO_LONG}),
    # DELETE /auth/tokens/{id}
    Case(
        "token id text", "DELETE", "/api/v1/auth/tokens/abc", "owner", None, 422, "invalid_input", {"token_id": NUMBER}
    ),
    # PUT /owners/me
    Case("profile empty", "PUT", PROFILE, "owner", {}, 422, "invalid_input", {"name": REQUIRED}),
    Case(
        "profile blank name",
        "PUT",
        PROFILE,
        "owner",
        {"name": " "},
        400,
        "owner_name_required",
        {"name": "Enter the owner's name."},
        "Enter the owner's name.",
    ),
    Case(
        "profile bad email",
        "PUT",
        PROFILE,
        "owner",
        {"name": "段小明", "email": "duan@"},
        400,
        "owner_email_invalid",
        {"email": "Enter a valid e-mail address."},
        "Enter a valid e-mail address.",
    ),
    Case(
        "profile by staff",
        "PUT",
        PROFILE,
        "manager",
        {"name": "经理"},
        403,
        "owners_only",
        {},
        "Only car owners have a profile here.",
    ),
    # POST /owners/me/consents
    Case(
        "my consent unknown purpose",
        "POST",
        MY_CONSENTS,
        "owner",
        {"purpose": "everything", "granted": True},
        400,
        "consent_purpose_invalid",
        {"purpose": "Unknown consent purpose."},
        "Unknown consent purpose.",
    ),
    Case(
        "my consent empty",
        "POST",
        MY_CONSENTS,
        "owner",
        {},
        422,
        "invalid_input",
        {"purpose": REQUIRED, "granted": REQUIRED},
    ),
    # POST /inbox/{id}/read and /inbox/read-all take no body; the id is the only input.
    Case(
        "inbox id text", "POST", "/api/v1/inbox/abc/read", "owner", None, 422, "invalid_input", {"message_id": NUMBER}
    ),
    Case(
        "inbox id huge",
        "POST",
        "/api/v1/inbox/99999999999999999999999/read",
        "owner",
        None,
        422,
        "invalid_input",
        {"message_id": NOT_VALID},
    ),
    Case(
        "inbox read-all anonymous",
        "POST",
        INBOX_READ_ALL,
        "anonymous",
        None,
        401,
        "not_authenticated",
        {},
        "Log in or send a valid API token.",
    ),
]

# Unsafe operations whose only input is the object id: their bad input is a non-numeric id (above).
ID_ONLY = {("POST", INBOX_READ), ("DELETE", TOKEN)}


def _url(case: Case, small: Small) -> str:
    ids = {
        "vehicle_id": small.vehicle_id,
        "customer_id": small.customer_id,
        "staff_id": small.staff_id,
        "message_id": small.message_id,
    }
    return re.sub(r"\{(\w+_id)\}", lambda m: str(ids[m.group(1)]), case.path)


def _body(case: Case, small: Small) -> str | None:
    if case.body is None:
        return None
    if case.raw:
        return str(case.body)
    text = json.dumps(case.body)
    for name in ("foreign_advisor_id", "technician_staff_id"):
        text = text.replace(f'"{{{name}}}"', str(getattr(small, name)))
    return text


def _send(client: Client, case: Case, small: Small, language: str) -> tuple[int, dict[str, Any], str]:
    headers: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": language}
    key = {"manager": small.manager_key, "technician": small.technician_key, "owner": small.owner_key}.get(case.caller)
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    body = _body(case, small)
    if body is not None:
        headers |= {"data": body, "content_type": "application/json"}
    response = client.generic(case.method, _url(case, small), **headers)
    return response.status_code, response.json(), response.headers.get("Content-Type", "")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_answers_english_json_naming_the_field(
    case: Case, small: Small, client: Client, fingerprint: Callable[[], Any]
) -> None:
    before = fingerprint()
    status, body, content_type = _send(client, case, small, "en")
    assert content_type.startswith("application/json")
    assert (status, body.get("code")) == (case.status, case.code), body
    assert set(body) == {"code", "message", "fields"}
    assert body["message"] == case.message
    assert set(body["fields"]) == set(case.fields), body["fields"]
    for name, text in case.fields.items():
        assert body["fields"][name] and all(body["fields"][name]), name
        if text is not None:
            assert body["fields"][name][0] == text
    assert fingerprint() == before, "a refused request saved something"


@pytest.mark.parametrize("case", [c for c in CASES if not c.raw], ids=lambda c: c.name)
def test_bad_input_answers_in_chinese_for_zh_hans(
    case: Case, small: Small, client: Client, fingerprint: Callable[[], Any]
) -> None:
    before = fingerprint()
    status, body, _ = _send(client, case, small, "zh-hans")
    assert (status, body["code"], set(body["fields"])) == (case.status, case.code, set(case.fields))
    assert body["message"].strip()
    assert all(msg.strip() for msgs in body["fields"].values() for msg in msgs)
    assert fingerprint() == before, "a refused request saved something"
    assert_chinese(body["message"])
    for msgs in body["fields"].values():
        for msg in msgs:
            assert_chinese(msg)


def test_an_unparsable_body_is_refused_in_chinese(small: Small, client: Client) -> None:
    case = next(c for c in CASES if c.raw)
    status, body, _ = _send(client, case, small, "zh-hans")
    assert (status, body["code"], body["fields"]) == (400, "invalid_input", {})
    assert CJK.search(body["message"]), body["message"]


def test_every_write_endpoint_has_a_bad_input_case(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    writes = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in {"POST", "PUT", "PATCH", "DELETE"}
    }
    covered = {(c.method, c.path) for c in CASES} | ID_ONLY
    assert writes <= covered, f"write endpoints without a bad-input case: {sorted(writes - covered)}"


def test_the_same_request_with_good_input_succeeds(small: Small, client: Client) -> None:
    """Control: the cases fail because of the one bad value, not because of the caller or the object."""
    good = [
        Case("vehicle", "POST", VEHICLES, "manager", _vehicle(), 201, "", {}),
        Case("transfer", "POST", TRANSFER, "manager", _transfer(), 201, "", {}),
        Case("odometer", "POST", ODOMETER, "manager", {"km": 100, "note": "x" * 200}, 201, "", {}),
        Case("reveal", "POST", REVEAL, "manager", {"reason": "x" * 200}, 200, "", {}),
        Case("consent", "POST", CONSENTS, "manager", {"purpose": "marketing", "granted": False}, 201, "", {}),
        Case("profile", "PUT", PROFILE, "owner", {"name": "段小明", "email": "duan@example.com"}, 200, "", {}),
        Case("otp", "POST", OTP_REQUEST, "anonymous", {"phone": "13812345678"}, 202, "", {}),
    ]
    for case in good:
        status, body, _ = _send(client, case, small, "en")
        assert status == case.status, (case.name, body)
