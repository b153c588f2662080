"""Phone numbers through `phonenumbers`: parse, validate, store as E.164."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

DEFAULT_REGION = "CN"
_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


@dataclass(frozen=True)
class PhoneCheck:
    """A parsed phone: E.164 form when valid, else the reason it is not."""

    e164: str | None
    error: str | None

    @property
    def valid(self) -> bool:
        return self.error is None


def check_mobile(raw: str, *, region: str = DEFAULT_REGION) -> PhoneCheck:
    """A mobile number that can receive a text message; mainland numbers need no +86."""
    text = (raw or "").strip()
    if not text:
        return PhoneCheck(None, "phone_empty")
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return PhoneCheck(None, "phone_unreadable")
    if not phonenumbers.is_valid_number(number):
        return PhoneCheck(None, "phone_invalid")
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return PhoneCheck(None, "phone_not_mobile")
    return PhoneCheck(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None)


def national(e164: str) -> str:
    """The digits people dial at home: 13812345678 for +8613812345678."""
    number = phonenumbers.parse(e164, None)
    return str(number.national_number)
