"""Helpers shared by the vehicle and cross-app API tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

from aftercare.accounts.models import ApiToken, OneTimeCode
from aftercare.audit.models import AuditEntry
from aftercare.history.models import HistoryEvent
from aftercare.network.models import AdvisorHandover, Customer, Staff, Store
from aftercare.notifications.models import Delivery, InboxMessage
from aftercare.owners.models import Consent, Owner
from aftercare.vehicles.models import OdometerReading, Ownership, Vehicle, VehicleLicence

ZH_CATALOG = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_chinese(message: str) -> None:
    """The message is Chinese; skipped while the zh_Hans catalog is not compiled."""
    if not ZH_CATALOG.exists():
        pytest.skip(f"zh_Hans catalog not compiled yet ({ZH_CATALOG}); Chinese content not checked")
    assert CJK.search(message), f"not Chinese: {message!r}"


# Every table an API call could write, with the columns that matter. Token last-use times move on
# every authenticated request, so they are left out.
WATCHED: list[tuple[Any, tuple[str, ...]]] = [
    (Vehicle, ()),
    (Ownership, ()),
    (VehicleLicence, ()),
    (OdometerReading, ()),
    (HistoryEvent, ()),
    (Owner, ()),
    (Customer, ()),
    (Staff, ()),
    (AdvisorHandover, ()),
    (Store, ()),
    (Consent, ()),
    (AuditEntry, ()),
    (InboxMessage, ()),
    (Delivery, ()),
    # Recalls sit above vehicles in the layers: looked up by name, not imported.
    (apps.get_model("recalls", "VehicleRecall"), ()),
    (apps.get_model("recalls", "RecallCampaign"), ()),
    (apps.get_model("homecoming", "Enrolment"), ()),
    (apps.get_model("homecoming", "Benefit"), ()),
    (apps.get_model("homecoming", "RuleSet"), ()),
    (apps.get_model("homecoming", "ParticipatingStore"), ()),
    (apps.get_model("workorders", "WorkOrder"), ()),
    (apps.get_model("workorders", "EstimateLine"), ()),
    (apps.get_model("workorders", "Activity"), ()),
    (apps.get_model("workorders", "ProgressPost"), ()),
    (apps.get_model("workorders", "DeliveryCheck"), ()),
    (apps.get_model("workorders", "Invoice"), ()),
    (apps.get_model("payments", "PaymentRequest"), ()),
    (apps.get_model("payments", "WebhookEvent"), ()),
    (OneTimeCode, ()),
    (ApiToken, ("id", "user_id", "name", "prefix", "key_hash", "revoked_at")),
]


def db_fingerprint() -> dict[str, list[tuple[Any, ...]]]:
    """Every watched row, ordered by id: two equal fingerprints mean nothing was written."""
    snapshot = {model.__name__: list(model.objects.order_by("pk").values_list(*cols)) for model, cols in WATCHED}
    snapshot["User"] = list(get_user_model().objects.order_by("pk").values_list("id", "is_active", "phone"))
    return snapshot


@pytest.fixture
def fingerprint() -> Callable[[], dict[str, list[tuple[Any, ...]]]]:
    return db_fingerprint
