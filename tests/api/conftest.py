"""The cross-app API tables (tenancy pairs, bad input, query counts) share the vehicles tests' helpers."""

from aftercare.vehicles.tests.conftest import fingerprint  # noqa: F401 - a fixture, used by name
