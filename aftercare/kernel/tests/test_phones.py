"""Mobile numbers through `phonenumbers`, stored as E.164."""

from __future__ import annotations

import pytest

from aftercare.kernel import phones


@pytest.mark.parametrize(
    "raw",
    ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+8613812345678", "008613812345678"],
)
def test_mainland_mobile_with_or_without_country_code(raw: str) -> None:
    check = phones.check_mobile(raw)
    assert check.valid
    assert check.e164 == "+8613812345678"


def test_other_mobile_ranges_are_accepted() -> None:
    assert phones.check_mobile("19912345678").e164 == "+8619912345678"
    assert phones.check_mobile("15012345678").e164 == "+8615012345678"


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("010 12345678", "phone_not_mobile"),  # Beijing landline
        ("+86 10 1234 5678", "phone_not_mobile"),
        ("021-87654321", "phone_not_mobile"),  # Shanghai landline
        ("", "phone_empty"),
        ("   ", "phone_empty"),
        ("not a phone", "phone_unreadable"),
        ("123", "phone_invalid"),
        ("12345678901", "phone_invalid"),  # 11 digits, but no such mobile range
        ("1381234567", "phone_invalid"),  # one digit short
    ],
)
def test_rejected_numbers_say_why(raw: str, error: str) -> None:
    check = phones.check_mobile(raw)
    assert (check.e164, check.error) == (None, error)
    assert not check.valid


def test_national_form_drops_the_country_code() -> None:
    assert phones.national("+8613812345678") == "13812345678"
