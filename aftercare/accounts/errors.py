"""Refusals from login and token handling."""

from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError


def phone_invalid(code: str) -> DomainError:
    messages = {
        "phone_empty": _("Enter your mobile phone number."),
        "phone_unreadable": _("This does not look like a phone number."),
        "phone_invalid": _("This phone number is not valid."),
        "phone_not_mobile": _("Enter a mobile number that can receive text messages."),
    }
    message = messages.get(code, messages["phone_invalid"])
    return DomainError(code, message, fields={"phone": [message]})


def otp_too_soon(seconds: int) -> DomainError:
    return DomainError(
        "otp_too_soon",
        _("A code was just sent. You can ask for another in %(seconds)s seconds."),
        params={"seconds": seconds},
        status=429,
    )


def otp_too_many() -> DomainError:
    return DomainError("otp_rate_limited", _("Too many codes requested. Please try again in an hour."), status=429)


def otp_invalid() -> DomainError:
    message = _("The code is wrong or has expired. Ask for a new one.")
    return DomainError("otp_invalid", message, fields={"code": [message]})


def otp_format() -> DomainError:
    message = _("Enter the 6-digit code from the text message.")
    return DomainError("otp_format", message, fields={"code": [message]})


def token_name_required() -> DomainError:
    message = _("Give the token a name so you can recognise it later.")
    return DomainError("token_name_required", message, fields={"name": [message]})
