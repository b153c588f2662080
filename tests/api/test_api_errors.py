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

import aftercare.appointments.tests.factories as appointments_factories
import aftercare.homecoming.tests.factories as homecoming_factories
import aftercare.inspections.tests.factories as inspections_factories
import aftercare.recalls.tests.factories as recalls_factories
import aftercare.workorders.tests.factories as workorders_factories
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
    operator_key: str = ""
    vehicle_recall_id: int = 0
    appointment_id: int = 0
    store_id: int = 0
    service_type_id: int = 0
    work_order_id: int = 0
    line_id: int = 0
    job_type_id: int = 0
    inspection_id: int = 0


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
        operator = StaffFactory(operator=True)
        # Recalls sit above vehicles in the layers, so their factory is looked up by name.
        vehicle_recall_id = recalls_factories.open_recall_for(vehicle.pk)
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
            operator_key=api_token_create(user=operator.user, name="t")[1],
            vehicle_recall_id=vehicle_recall_id,
            **appointments_factories.errors_world(store.pk, vehicle.pk),
            **workorders_factories.errors_world(store.pk, vehicle.pk),
            **inspections_factories.errors_world(vehicle.pk),
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
SPECIFICATION = "/api/v1/vehicles/{vehicle_id}/specification"
FUEL = "Choose a fuel type from the list."
GEARBOX = "Choose a transmission from the list."
LITRES = "The engine displacement must be between 0.0 and 9.9 litres."
ONE_DECIMAL = "Give the engine displacement in litres with at most one decimal, e.g. 1.4."
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
CHECKPOINTS = "/api/v1/log/checkpoints"
CAMPAIGNS = "/api/v1/recalls/campaigns"
COMPLETE = "/api/v1/recalls/vehicle-recalls/{vehicle_recall_id}/complete"
FUTURE = "2999-01-01"
CHECK_DIGIT = (
    "The check digit (position 9) does not match: it is 3 but the other characters require 2. "
    "Check the VIN for a typing mistake."
)


def _campaign(**overrides: Any) -> dict[str, Any]:
    return {
        "number": "SAMR-2025-0415",
        "kind": "safety_recall",
        "source": "samr",
        "summary": "燃油泵叶轮可能变形。",
        "remedy": "免费更换燃油泵。",
        "coverages": [{"make": "上汽大众", "model": "朗逸", "year_from": 2018, "year_to": 2020}],
    } | overrides


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
        "vehicle unknown fuel type",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(fuel_type="gasoline"),
        400,
        "invalid_input",
        {"fuel_type": FUEL},
    ),
    Case(
        "vehicle unknown transmission",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(transmission="cvt"),
        400,
        "invalid_input",
        {"transmission": GEARBOX},
    ),
    Case(
        "vehicle displacement too large",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(displacement_l=12.5),
        400,
        "invalid_input",
        {"displacement_l": LITRES},
    ),
    Case(
        "vehicle displacement two decimals",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(displacement_l="1.45"),
        400,
        "invalid_input",
        {"displacement_l": ONE_DECIMAL},
    ),
    Case(
        "vehicle displacement not a number",
        "POST",
        VEHICLES,
        "manager",
        _vehicle(displacement_l="1.4 L"),
        422,
        "invalid_input",
        {"displacement_l": NUMBER},
    ),
    Case(
        "vehicle electric with displacement",
        "POST",
        VEHICLES,
        "owner",
        _vehicle(owner=None, fuel_type="electric", displacement_l=1.5),
        400,
        "invalid_input",
        {"displacement_l": "An electric car has no engine displacement: leave it empty."},
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
    # PUT /vehicles/{id}/specification
    Case(
        "specification unknown fuel type",
        "PUT",
        SPECIFICATION,
        "manager",
        {"fuel_type": "coal", "transmission": "manual"},
        400,
        "invalid_input",
        {"fuel_type": FUEL},
    ),
    Case(
        "specification negative displacement",
        "PUT",
        SPECIFICATION,
        "manager",
        {"fuel_type": "petrol", "displacement_l": -1},
        400,
        "invalid_input",
        {"displacement_l": LITRES},
    ),
    Case(
        "specification everything wrong",
        "PUT",
        SPECIFICATION,
        "manager",
        {"fuel_type": "steam", "transmission": "four-speed", "displacement_l": "0.25"},
        400,
        "invalid_input",
        {"fuel_type": FUEL, "transmission": GEARBOX, "displacement_l": ONE_DECIMAL},
    ),
    Case(
        "specification displacement with a comma",
        "PUT",
        SPECIFICATION,
        "manager",
        {"displacement_l": "1,4"},
        422,
        "invalid_input",
        {"displacement_l": NUMBER},
    ),
    Case(
        "specification fuel type too long",
        "PUT",
        SPECIFICATION,
        "manager",
        {"fuel_type": "x" * 21},
        422,
        "invalid_input",
        {"fuel_type": TOO_LONG},
    ),
    Case(
        "specification by a technician",
        "PUT",
        SPECIFICATION,
        "technician",
        {"fuel_type": "petrol"},
        403,
        "permission_denied",
        {},
        "You do not have permission to do this.",
    ),
    Case(
        "specification by an owner",
        "PUT",
        SPECIFICATION,
        "owner",
        {"fuel_type": "petrol"},
        403,
        "permission_denied",
        {},
        "You do not have permission to do this.",
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
    # POST /recalls/campaigns
    Case(
        "campaign empty",
        "POST",
        CAMPAIGNS,
        "operator",
        {},
        422,
        "invalid_input",
        {"number": REQUIRED, "kind": REQUIRED, "summary": REQUIRED, "remedy": REQUIRED, "coverages": REQUIRED},
    ),
    Case(
        "campaign fields wrong",
        "POST",
        CAMPAIGNS,
        "operator",
        _campaign(number="#", kind="recall", summary=" ", remedy="", coverages=[]),
        400,
        "invalid_input",
        {
            "number": "Enter the campaign number: 3 to 32 letters, digits or - _ / .",
            "kind": "Choose safety recall or technical upgrade.",
            "summary": "Describe the defect or the upgrade.",
            "remedy": "Describe what the store will do to the car.",
            "coverages": "Add at least one make and model the campaign covers.",
        },
    ),
    Case(
        "campaign coverage ranges",
        "POST",
        CAMPAIGNS,
        "operator",
        _campaign(
            coverages=[
                {"make": " ", "model": "朗逸", "year_from": 2021, "year_to": 2019, "vin_from": "LSVAB2C10K1000001"}
            ]
        ),
        400,
        "invalid_input",
        {
            "coverages.0.make": "Enter the make.",
            "coverages.0.year_to": "The last model year comes before the first.",
            "coverages.0.vin_to": "Enter both the first and the last VIN of the range, or neither.",
        },
    ),
    Case(
        "campaign year as text",
        "POST",
        CAMPAIGNS,
        "operator",
        _campaign(coverages=[{"make": "上汽大众", "model": "朗逸", "year_from": "2019"}]),
        422,
        "invalid_input",
        {"coverages.0.year_from": NUMBER},
    ),
    Case(
        "campaign number taken",
        "POST",
        CAMPAIGNS,
        "operator",
        _campaign(number="SAMR-TEST-1"),
        400,
        "invalid_input",
        {"number": "A campaign with this number already exists."},
    ),
    Case(
        "campaign by a dealer manager",
        "POST",
        CAMPAIGNS,
        "manager",
        _campaign(),
        403,
        "permission_denied",
        {},
        "You do not have permission to do this.",
    ),
    # POST /recalls/vehicle-recalls/{id}/complete
    Case(
        "complete blank work order",
        "POST",
        COMPLETE,
        "manager",
        {"work_order_ref": "  "},
        400,
        "invalid_input",
        {"work_order_ref": "Enter the work order number, or leave it out."},
    ),
    Case(
        "complete long note",
        "POST",
        COMPLETE,
        "manager",
        {"note": "x" * 501},
        400,
        "invalid_input",
        {"note": "Keep the note under 500 characters."},
    ),
    Case(
        "complete huge note",
        "POST",
        COMPLETE,
        "manager",
        {"note": "x" * 1001},
        422,
        "invalid_input",
        {"note": TOO_LONG},
    ),
    Case(
        "complete by a junior technician",
        "POST",
        COMPLETE,
        "technician",
        {},
        403,
        "permission_denied",
        {},
        "You do not have permission to do this.",
    ),
    Case(
        "complete by the owner",
        "POST",
        COMPLETE,
        "owner",
        {},
        404,
        "vehicle_recall_not_found",
        {},
        "This recall is not recorded for any car you can see.",
    ),
]


# Homecoming (above vehicles in the layers: its test helpers are looked up by name).
ENROL = "/api/v1/vehicles/{vehicle_id}/enrolments"
REDEEM = "/api/v1/vehicles/{vehicle_id}/wallet/redeem"
WALLET_LOOKUP = "/api/v1/wallets/lookup"
UNREADABLE_PHOTO = "This file is not a photo we can read. Upload a JPEG, PNG or WebP picture."
NO_WALLET = "No benefits wallet matches this car and code."
_enrol = homecoming_factories.enrol_api_body
CASES += [
    Case(
        "enrol empty",
        "POST",
        ENROL,
        "owner",
        {},
        422,
        "invalid_input",
        {"held_since": REQUIRED, "purchase_channel": REQUIRED, "owner_kind": REQUIRED, "licence_photo": REQUIRED},
    ),
    Case(
        "enrol date garbage",
        "POST",
        ENROL,
        "owner",
        _enrol(held_since="last spring"),
        422,
        "invalid_input",
        {"held_since": DATE},
    ),
    Case(
        "enrol photo not base64",
        "POST",
        ENROL,
        "owner",
        _enrol(licence_photo="%%% not base64 %%%"),
        400,
        "invalid_input",
        {"licence_photo": UNREADABLE_PHOTO},
    ),
    Case(
        "enrol photo is a text file",
        "POST",
        ENROL,
        "owner",
        _enrol(licence_photo="aGVsbG8gd29ybGQ="),
        400,
        "invalid_input",
        {"licence_photo": UNREADABLE_PHOTO},
    ),
    Case(
        "enrol unknown channel",
        "POST",
        ENROL,
        "owner",
        _enrol(purchase_channel="lottery"),
        400,
        "invalid_input",
        {"purchase_channel": "Choose where the car was bought."},
    ),
    Case(
        "enrol future purchase date",
        "POST",
        ENROL,
        "manager",
        _enrol(held_since=FUTURE),
        400,
        "invalid_input",
        {"held_since": "The purchase date cannot be in the future."},
    ),
    Case(
        "enrol without the licence the car lacks",
        "POST",
        ENROL,
        "owner",
        _enrol(licence=None),
        400,
        "invalid_input",
        {
            f"licence.{f}": None
            for f in ("registered_owner_name", "vehicle_type", "use_type", "registration_date", "issue_date")
        },
    ),
    Case(
        "enrol by a technician",
        "POST",
        ENROL,
        "technician",
        _enrol(),
        403,
        "permission_denied",
        {},
        "You do not have permission to do this.",
    ),
    Case("redeem empty", "POST", REDEEM, "manager", {}, 422, "invalid_input", {"benefit": REQUIRED}),
    Case(
        "redeem unknown benefit",
        "POST",
        REDEEM,
        "manager",
        {"benefit": "free_car"},
        400,
        "invalid_input",
        {"benefit": "Choose one of the wallet's benefits."},
    ),
    Case(
        "redeem store id text",
        "POST",
        REDEEM,
        "manager",
        {"benefit": "health_check", "store_id": "abc"},
        422,
        "invalid_input",
        {"store_id": NUMBER},
    ),
    Case(
        "redeem long reference",
        "POST",
        REDEEM,
        "manager",
        {"benefit": "health_check", "reference": "x" * 65},
        422,
        "invalid_input",
        {"reference": TOO_LONG},
    ),
    Case(
        "redeem without a wallet",
        "POST",
        REDEEM,
        "manager",
        {"benefit": "health_check"},
        404,
        "wallet_not_found",
        {},
        NO_WALLET,
    ),
    Case(
        "redeem by the owner",
        "POST",
        REDEEM,
        "owner",
        {"benefit": "health_check"},
        403,
        "permission_denied",
        {},
        "You do not have permission to do this.",
    ),
    Case(
        "wallet lookup empty",
        "POST",
        WALLET_LOOKUP,
        "manager",
        {},
        422,
        "invalid_input",
        {"vin_or_plate": REQUIRED, "code": REQUIRED},
    ),
    Case(
        "wallet lookup no match",
        "POST",
        WALLET_LOOKUP,
        "manager",
        {"vin_or_plate": make_vin(900), "code": "ABCD-2345"},
        404,
        "wallet_not_found",
        {},
        NO_WALLET,
    ),
    Case(
        "wallet lookup by the owner",
        "POST",
        WALLET_LOOKUP,
        "owner",
        {"vin_or_plate": make_vin(900), "code": "ABCD-2345"},
        403,
        "permission_denied",
        {},
        "You do not have permission to do this.",
    ),
]

APPOINTMENTS = "/api/v1/appointments"
RESCHEDULE = "/api/v1/appointments/{appointment_id}/reschedule"
CANCEL = "/api/v1/appointments/{appointment_id}/cancel"
NO_SHOW = "/api/v1/appointments/{appointment_id}/no-show"
_APPT_DAY = appointments_factories.open_day()


def _book(**overrides: Any) -> dict[str, Any]:
    return {
        "vehicle_id": "{vehicle_id}",
        "store_id": "{store_id}",
        "service_type_id": "{service_type_id}",
        "starts_at": f"{_APPT_DAY.isoformat()}T14:00:00+08:00",
    } | overrides


PAST_START = "2020-01-06T10:00:00+08:00"
IN_THE_PAST = "This time has already passed. Choose a later time."
CLOSED = "The store is closed at this time, or the service would run past closing time."
DENIED = "You do not have permission to do this."

CASES += [
    Case(
        "book empty",
        "POST",
        APPOINTMENTS,
        "manager",
        {},
        422,
        "invalid_input",
        {"vehicle_id": REQUIRED, "store_id": REQUIRED, "service_type_id": REQUIRED, "starts_at": REQUIRED},
    ),
    Case(
        "book start text",
        "POST",
        APPOINTMENTS,
        "owner",
        _book(starts_at="soon"),
        422,
        "invalid_input",
        {"starts_at": DATE},
    ),
    Case(
        "book id text", "POST", APPOINTMENTS, "owner", _book(store_id="abc"), 422, "invalid_input", {"store_id": NUMBER}
    ),
    Case(
        "book in the past",
        "POST",
        APPOINTMENTS,
        "owner",
        _book(starts_at=PAST_START),
        400,
        "starts_in_past",
        {"starts_at": IN_THE_PAST},
        IN_THE_PAST,
    ),
    Case(
        "book at night",
        "POST",
        APPOINTMENTS,
        "owner",
        _book(starts_at=f"{_APPT_DAY.isoformat()}T03:00:00+08:00"),
        400,
        "outside_opening_hours",
        {"starts_at": CLOSED},
        CLOSED,
    ),
    Case(
        "book too far ahead",
        "POST",
        APPOINTMENTS,
        "owner",
        _book(starts_at=f"{FUTURE}T10:00:00+08:00"),
        400,
        "starts_too_far_ahead",
        {"starts_at": "Bookings can be made at most 60 days ahead."},
        "Bookings can be made at most 60 days ahead.",
    ),
    Case(
        "book unknown service",
        "POST",
        APPOINTMENTS,
        "owner",
        _book(service_type_id=987654),
        400,
        "service_type_not_found",
        {"service_type_id": "Choose one of the services on offer."},
        "Choose one of the services on offer.",
    ),
    Case(
        "book a car that is not yours",
        "POST",
        APPOINTMENTS,
        "owner",
        _book(vehicle_id=987654),
        404,
        "vehicle_not_found",
        {},
        "Vehicle not found.",
    ),
    Case("book by a technician", "POST", APPOINTMENTS, "technician", _book(), 403, "permission_denied", {}, DENIED),
    Case(
        "book long concerns",
        "POST",
        APPOINTMENTS,
        "owner",
        _book(concerns="x" * 501),
        400,
        "invalid_input",
        {"concerns": "Use at most 500 characters."},
    ),
    Case(
        "book huge concerns",
        "POST",
        APPOINTMENTS,
        "owner",
        _book(concerns="x" * 1001),
        422,
        "invalid_input",
        {"concerns": TOO_LONG},
    ),
    Case(
        "book vague pick-up address",
        "POST",
        APPOINTMENTS,
        "owner",
        _book(pickup={"pickup_address": "我家"}),
        400,
        "invalid_input",
        {"pickup.pickup_address": "Enter the full address: district, street and number."},
    ),
    Case("reschedule empty", "POST", RESCHEDULE, "owner", {}, 422, "invalid_input", {"starts_at": REQUIRED}),
    Case(
        "reschedule into the past",
        "POST",
        RESCHEDULE,
        "owner",
        {"starts_at": PAST_START},
        400,
        "starts_in_past",
        {"starts_at": IN_THE_PAST},
        IN_THE_PAST,
    ),
    Case(
        "reschedule by a technician",
        "POST",
        RESCHEDULE,
        "technician",
        {"starts_at": f"{_APPT_DAY.isoformat()}T15:00:00+08:00"},
        403,
        "permission_denied",
        {},
        DENIED,
    ),
    Case(
        "cancel blank reason",
        "POST",
        CANCEL,
        "owner",
        {"reason": "  "},
        400,
        "invalid_input",
        {"reason": "Tell us briefly why the booking is cancelled."},
    ),
    Case(
        "cancel long reason",
        "POST",
        CANCEL,
        "owner",
        {"reason": "x" * 201},
        400,
        "invalid_input",
        {"reason": "Use at most 200 characters."},
    ),
    Case(
        "cancel huge reason", "POST", CANCEL, "owner", {"reason": "x" * 401}, 422, "invalid_input", {"reason": TOO_LONG}
    ),
    Case(
        "no-show before the start",
        "POST",
        NO_SHOW,
        "manager",
        None,
        409,
        "no_show_too_early",
        {},
        "A no-show can be recorded only after the booked start time.",
    ),
    Case("no-show by the owner", "POST", NO_SHOW, "owner", None, 403, "permission_denied", {}, DENIED),
    Case(
        "no-show id text",
        "POST",
        "/api/v1/appointments/abc/no-show",
        "manager",
        None,
        422,
        "invalid_input",
        {"appointment_id": NUMBER},
    ),
    # POST /log/checkpoints takes no body: only operators may publish.
    Case(
        "checkpoint by owner",
        "POST",
        CHECKPOINTS,
        "owner",
        None,
        403,
        "permission_denied",
        {},
        "You do not have permission to do this.",
    ),
    Case(
        "checkpoint by manager",
        "POST",
        CHECKPOINTS,
        "manager",
        None,
        403,
        "permission_denied",
        {},
        "You do not have permission to do this.",
    ),
    Case(
        "checkpoint anonymous",
        "POST",
        CHECKPOINTS,
        "anonymous",
        None,
        401,
        "not_authenticated",
        {},
        "Log in or send a valid API token.",
    ),
]

WO = "/api/v1/workorders"
WO_TRANSITIONS = "/api/v1/workorders/{work_order_id}/transitions"
WO_LINES = "/api/v1/workorders/{work_order_id}/lines"
WO_DECISION = "/api/v1/workorder-lines/{line_id}/decision"
WO_LINE = "/api/v1/workorder-lines/{line_id}"
WO_PROGRESS = "/api/v1/workorders/{work_order_id}/progress"
WO_QC = "/api/v1/workorders/{work_order_id}/quality-check"
WO_INVOICE = "/api/v1/workorders/{work_order_id}/invoice"
WO_DELIVERY = "/api/v1/workorders/{work_order_id}/delivery"
WO_PAYMENTS = "/api/v1/workorders/{work_order_id}/payments"
WO_RATING = "/api/v1/workorders/{work_order_id}/rating"
WEBHOOK = "/api/v1/payments/webhooks/{provider}"
_WALK_IN = {"vehicle_id": "{vehicle_id}", "job_type_id": "{job_type_id}", "odometer_km": 60000, "fuel_level": "50"}
_PART = {"kind": "part", "job_type_id": "{job_type_id}", "description": "刹车片", "brand": "Bosch", "unit_price": "1"}
PERMISSION = "You do not have permission to do this."
CASES += [
    Case(
        "walk-in empty",
        "POST",
        WO,
        "manager",
        {},
        422,
        "invalid_input",
        {"vehicle_id": REQUIRED, "job_type_id": REQUIRED, "fuel_level": REQUIRED},
    ),
    Case(
        "walk-in fuel level",
        "POST",
        WO,
        "manager",
        _WALK_IN | {"fuel_level": "lo"},
        400,
        "invalid_input",
        {"fuel_level": "Choose the fuel level."},
    ),
    Case(
        "walk-in negative odometer",
        "POST",
        WO,
        "manager",
        _WALK_IN | {"odometer_km": -3},
        400,
        "invalid_input",
        {"odometer_km": "The odometer reading must be between 0 and 2,000,000 km."},
    ),
    Case("walk-in by a technician", "POST", WO, "technician", _WALK_IN, 403, "permission_denied", {}, PERMISSION),
    Case(
        "transition unknown state",
        "POST",
        WO_TRANSITIONS,
        "manager",
        {"to_state": "teleported"},
        400,
        "invalid_input",
        {"to_state": "Unknown status."},
    ),
    Case(
        "transition skipping ahead",
        "POST",
        WO_TRANSITIONS,
        "manager",
        {"to_state": "ready"},
        409,
        "transition_not_allowed",
        {"to_state": "Not possible from the current status."},
        "A work order cannot go from “Estimate sent” to “Ready for pick-up”.",
    ),
    Case(
        "transition cancel without reason",
        "POST",
        WO_TRANSITIONS,
        "manager",
        {"to_state": "cancelled"},
        400,
        "invalid_input",
        {"note": "Say why the work order is cancelled."},
    ),
    Case(
        "transition note too long",
        "POST",
        WO_TRANSITIONS,
        "manager",
        {"to_state": "cancelled", "note": "x" * 401},
        422,
        "invalid_input",
        {"note": TOO_LONG},
    ),
    Case(
        "line empty",
        "POST",
        WO_LINES,
        "manager",
        {},
        422,
        "invalid_input",
        {"kind": REQUIRED, "job_type_id": REQUIRED, "description": REQUIRED},
    ),
    Case(
        "line part incomplete",
        "POST",
        WO_LINES,
        "manager",
        _PART,
        400,
        "invalid_input",
        {"part_number": "This field is required.", "quantity": "This field is required."},
    ),
    Case(
        "line hours text",
        "POST",
        WO_LINES,
        "manager",
        _PART | {"kind": "labour", "hours": "long"},
        422,
        "invalid_input",
        {"hours": NUMBER},
    ),
    Case("line by a technician", "POST", WO_LINES, "technician", _PART, 403, "permission_denied", {}, PERMISSION),
    Case(
        "decision unknown",
        "POST",
        WO_DECISION,
        "owner",
        {"decision": "maybe"},
        400,
        "invalid_input",
        {"decision": "Choose approve or decline."},
    ),
    Case(
        "decision by staff without channel",
        "POST",
        WO_DECISION,
        "manager",
        {"decision": "approved"},
        400,
        "invalid_input",
        {"channel": "Say how the owner told you: by phone or in the store."},
    ),
    Case(
        "line id text",
        "DELETE",
        "/api/v1/workorder-lines/abc",
        "manager",
        None,
        422,
        "invalid_input",
        {"line_id": NUMBER},
    ),
    Case(
        "progress blank",
        "POST",
        WO_PROGRESS,
        "manager",
        {"text": "  "},
        400,
        "invalid_input",
        {"text": "Write what was done or found."},
    ),
    Case("progress missing", "POST", WO_PROGRESS, "manager", {}, 422, "invalid_input", {"text": REQUIRED}),
    Case(
        "qc passed not boolean", "POST", WO_QC, "manager", {"passed": "yes"}, 422, "invalid_input", {"passed": BOOLEAN}
    ),
    Case(
        "qc failed without notes",
        "POST",
        WO_QC,
        "manager",
        {"passed": False},
        400,
        "invalid_input",
        {"notes": "Say what has to be fixed."},
    ),
    Case(
        "invoice before quality check",
        "POST",
        WO_INVOICE,
        "manager",
        None,
        409,
        "work_order_wrong_state",
        {},
        "The invoice is issued once the car has passed its quality check.",
    ),
    Case(
        "delivery steps not a list",
        "POST",
        WO_DELIVERY,
        "manager",
        {"steps": "all"},
        422,
        "invalid_input",
        {"steps": NOT_VALID},
    ),
    Case(
        "delivery before ready",
        "POST",
        WO_DELIVERY,
        "manager",
        {"steps": ["cleanliness"]},
        409,
        "work_order_wrong_state",
        {},
        "The car is not ready for delivery.",
    ),
    Case(
        "payment empty",
        "POST",
        WO_PAYMENTS,
        "owner",
        {},
        422,
        "invalid_input",
        {"channel": REQUIRED, "idempotency_key": REQUIRED},
    ),
    Case(
        "payment before invoice",
        "POST",
        WO_PAYMENTS,
        "owner",
        {"channel": "wechat", "idempotency_key": "abcdefgh-1"},
        409,
        "invoice_missing",
        {},
        "The invoice has not been issued yet.",
    ),
    Case(
        "rating out of range",
        "POST",
        WO_RATING,
        "owner",
        {"stars": 9},
        400,
        "invalid_input",
        {"stars": "Choose 1 to 5 stars."},
    ),
    Case(
        "rating comment too long",
        "POST",
        WO_RATING,
        "owner",
        {"stars": 5, "comment": "x" * 1001},
        422,
        "invalid_input",
        {"comment": TOO_LONG},
    ),
    Case("rating by staff", "POST", WO_RATING, "manager", {"stars": 5}, 403, "permission_denied", {}, PERMISSION),
    Case(
        "webhook unsigned",
        "POST",
        "/api/v1/payments/webhooks/fake",
        "anonymous",
        {"id": "evt_1", "type": "payment.succeeded"},
        401,
        "signature_invalid",
        {},
        "The notification signature is missing or not valid.",
    ),
    Case(
        "webhook unknown provider",
        "POST",
        "/api/v1/payments/webhooks/paypal",
        "anonymous",
        {"id": "evt_1"},
        404,
        "payment_provider_unknown",
        {},
        "This payment provider is not available.",
    ),
]
WEBHOOK_CASES = {("POST", WEBHOOK)}

# Unsafe operations whose only input is the object id: their bad input is a non-numeric id (above).
ID_ONLY = {("POST", INBOX_READ), ("DELETE", TOKEN), ("DELETE", WO_LINE), ("POST", WO_INVOICE)}
# Valuation: making an offer takes no body (the id is the whole input); quotes get cases below.
QUOTES = "/api/v1/valuation/quotes"
ID_ONLY |= {("POST", "/api/v1/vehicles/{vehicle_id}/offers")}
_QUOTE = {"make": "audi", "model": "a4", "model_year": 2017, "mileage_km": 60_000}
CASES += [
    Case("quote missing make", "POST", QUOTES, "manager", {k: v for k, v in _QUOTE.items() if k != "make"}, 422,
         "invalid_input", {"make": REQUIRED}),
    Case("quote year as text", "POST", QUOTES, "manager", _QUOTE | {"model_year": "new"}, 422, "invalid_input",
         {"model_year": NUMBER}),
    Case("quote fractional km", "POST", QUOTES, "owner", _QUOTE | {"mileage_km": 1.5}, 422, "invalid_input",
         {"mileage_km": NUMBER}),
    Case("quote make too long", "POST", QUOTES, "manager", _QUOTE | {"make": "x" * 51}, 422, "invalid_input",
         {"make": TOO_LONG}),
]  # fmt: skip


INSPECTIONS = "/api/v1/vehicles/{vehicle_id}/inspections"
INSPECTION_RESULTS = "/api/v1/inspections/{inspection_id}/results"
INSPECTION_COMPLETE = "/api/v1/inspections/{inspection_id}/complete"
TROUBLE_CODES = "/api/v1/vehicles/{vehicle_id}/trouble-codes"
KM_RANGE = "Enter the odometer in kilometres, between 0 and 2,000,000."
DTC_FORMAT = "A trouble code is a letter P, C, B or U and four characters, for example P0301."
TEMPLATE = "Choose a health check or an appraisal template."
VERDICT = "Choose OK, needs attention or urgent."
ITEM = "This item is not part of this inspection."

CASES += [
    Case("inspection empty", "POST", INSPECTIONS, "manager", {}, 422, "invalid_input", {"template": REQUIRED}),
    Case(
        "inspection unknown template",
        "POST",
        INSPECTIONS,
        "manager",
        {"template": "oil-change"},
        400,
        "template_unknown",
        {"template": TEMPLATE},
        TEMPLATE,
    ),
    Case(
        "inspection odometer text",
        "POST",
        INSPECTIONS,
        "manager",
        {"template": "health76", "odometer_km": "lots"},
        422,
        "invalid_input",
        {"odometer_km": NUMBER},
    ),
    Case(
        "inspection odometer negative",
        "POST",
        INSPECTIONS,
        "manager",
        {"template": "health76", "odometer_km": -3},
        400,
        "invalid_input",
        {"odometer_km": KM_RANGE},
    ),
    Case(
        "inspection by an owner",
        "POST",
        INSPECTIONS,
        "owner",
        {"template": "health76"},
        403,
        "permission_denied",
        {},
        "You do not have permission to do this.",
    ),
    Case(
        "result empty",
        "POST",
        INSPECTION_RESULTS,
        "technician",
        {},
        422,
        "invalid_input",
        {"item_code": REQUIRED, "verdict": REQUIRED},
    ),
    Case(
        "result unknown verdict",
        "POST",
        INSPECTION_RESULTS,
        "technician",
        {"item_code": "DT01", "verdict": "fine"},
        400,
        "verdict_invalid",
        {"verdict": VERDICT},
        VERDICT,
    ),
    Case(
        "result unknown item",
        "POST",
        INSPECTION_RESULTS,
        "technician",
        {"item_code": "ZZ99", "verdict": "ok"},
        400,
        "item_unknown",
        {"item_code": ITEM},
        ITEM,
    ),
    Case(
        "result note too long",
        "POST",
        INSPECTION_RESULTS,
        "technician",
        {"item_code": "DT01", "verdict": "ok", "note": "x" * 501},
        422,
        "invalid_input",
        {"note": TOO_LONG},
    ),
    Case(
        "complete odometer negative",
        "POST",
        INSPECTION_COMPLETE,
        "technician",
        {"odometer_km": -1},
        400,
        "invalid_input",
        {"odometer_km": KM_RANGE},
    ),
    Case(
        "complete odometer text",
        "POST",
        INSPECTION_COMPLETE,
        "technician",
        {"odometer_km": "far"},
        422,
        "invalid_input",
        {"odometer_km": NUMBER},
    ),
    Case(
        "trouble code malformed",
        "POST",
        TROUBLE_CODES,
        "technician",
        {"codes": ["P0301", "X12"]},
        400,
        "dtc_invalid",
        {"codes": DTC_FORMAT},
        DTC_FORMAT,
    ),
    Case("trouble codes missing", "POST", TROUBLE_CODES, "technician", {}, 422, "invalid_input", {"codes": REQUIRED}),
    Case(
        "trouble codes not a list",
        "POST",
        TROUBLE_CODES,
        "technician",
        {"codes": "P0301"},
        422,
        "invalid_input",
        {"codes": NOT_VALID},
    ),
]


def _url(case: Case, small: Small) -> str:
    ids = {
        "vehicle_id": small.vehicle_id,
        "customer_id": small.customer_id,
        "staff_id": small.staff_id,
        "message_id": small.message_id,
        "vehicle_recall_id": small.vehicle_recall_id,
        "appointment_id": small.appointment_id,
        "work_order_id": small.work_order_id,
        "line_id": small.line_id,
        "inspection_id": small.inspection_id,
    }
    return re.sub(r"\{(\w+_id)\}", lambda m: str(ids[m.group(1)]), case.path)


def _body(case: Case, small: Small) -> str | None:
    if case.body is None:
        return None
    if case.raw:
        return str(case.body)
    text = json.dumps(case.body)
    for name in (
        "foreign_advisor_id",
        "technician_staff_id",
        "store_id",
        "service_type_id",
        "vehicle_id",
        "job_type_id",
    ):
        text = text.replace(f'"{{{name}}}"', str(getattr(small, name)))
    return text


def _send(client: Client, case: Case, small: Small, language: str) -> tuple[int, dict[str, Any], str]:
    headers: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": language}
    key = {
        "manager": small.manager_key,
        "technician": small.technician_key,
        "owner": small.owner_key,
        "operator": small.operator_key,
    }.get(case.caller)
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
    covered = {(c.method, c.path) for c in CASES} | ID_ONLY | WEBHOOK_CASES
    assert writes <= covered, f"write endpoints without a bad-input case: {sorted(writes - covered)}"


def test_the_same_request_with_good_input_succeeds(small: Small, client: Client) -> None:
    """Control: the cases fail because of the one bad value, not because of the caller or the object."""
    good = [
        Case("vehicle", "POST", VEHICLES, "manager", _vehicle(), 201, "", {}),
        Case(
            "vehicle with specification",
            "POST",
            VEHICLES,
            "manager",
            _vehicle(
                vin=make_vin(901),
                plate=make_plate(901),
                fuel_type="hybrid",
                transmission="automatic",
                displacement_l=1.8,
            ),
            201,
            "",
            {},
        ),
        Case(
            "specification",
            "PUT",
            SPECIFICATION,
            "manager",
            {"fuel_type": "electric", "transmission": "automatic", "displacement_l": None},
            200,
            "",
            {},
        ),
        Case("transfer", "POST", TRANSFER, "manager", _transfer(), 201, "", {}),
        Case("odometer", "POST", ODOMETER, "manager", {"km": 100, "note": "x" * 200}, 201, "", {}),
        Case("reveal", "POST", REVEAL, "manager", {"reason": "x" * 200}, 200, "", {}),
        Case("consent", "POST", CONSENTS, "manager", {"purpose": "marketing", "granted": False}, 201, "", {}),
        Case("profile", "PUT", PROFILE, "owner", {"name": "段小明", "email": "duan@example.com"}, 200, "", {}),
        Case("otp", "POST", OTP_REQUEST, "anonymous", {"phone": "13812345678"}, 202, "", {}),
        Case("campaign", "POST", CAMPAIGNS, "operator", _campaign(), 201, "", {}),
        Case("complete", "POST", COMPLETE, "manager", {"work_order_ref": "WO-1", "note": "x" * 500}, 200, "", {}),
        Case("book", "POST", APPOINTMENTS, "manager", _book(concerns="x" * 500), 201, "", {}),  # after the transfer
        Case(
            "reschedule",
            "POST",
            RESCHEDULE,
            "owner",
            {"starts_at": f"{_APPT_DAY.isoformat()}T16:00:00+08:00"},
            200,
            "",
            {},
        ),
        Case("cancel", "POST", CANCEL, "owner", {"reason": "x" * 200}, 200, "", {}),
        Case("codes", "POST", TROUBLE_CODES, "technician", {"codes": ["P0301"]}, 201, "", {}),
        Case("inspect", "POST", INSPECTIONS, "technician", {"template": "health76", "odometer_km": 0}, 201, "", {}),
        Case("result", "POST", INSPECTION_RESULTS, "technician", {"item_code": "DT01", "verdict": "ok"}, 200, "", {}),
    ]
    for case in good:
        status, body, _ = _send(client, case, small, "en")
        assert status == case.status, (case.name, body)
