"""Property-based API test: schemathesis generates requests from /api/openapi.json; none may crash."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from aftercare.accounts.services import api_token_create
from aftercare.network.choices import StaffRole
from aftercare.network.tests.factories import StaffFactory
from aftercare.vehicles.tests.factories import OdometerReadingFactory, OwnershipFactory
from aftercare.web.api import api


@pytest.fixture
def auth_headers(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    manager = StaffFactory(role=StaffRole.MANAGER)
    ownership = OwnershipFactory(vehicle__dealer_group=manager.dealer_group, started_on=dt.date(2024, 1, 1))
    OdometerReadingFactory(vehicle=ownership.vehicle)
    _, key = api_token_create(user=manager.user, name="fuzz")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(autouse=True)
def _keep_test_connection():  # type: ignore[no-untyped-def]
    """Like Django's test client: a request must not close the connection holding the test transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api"))
schema.app = WSGIHandler()


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@pytest.mark.django_db
def test_api_never_fails_and_matches_its_schema(case, auth_headers):  # type: ignore[no-untyped-def]
    response = case.call(headers=auth_headers)
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
