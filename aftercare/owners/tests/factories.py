"""Factories for owners."""

from __future__ import annotations

import factory

from aftercare.owners.models import Owner


def mobile(n: int) -> str:
    """A valid mainland mobile number in E.164, distinct per n."""
    return f"+86138{n % 100_000_000:08d}"


class OwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Owner

    name = factory.Sequence(lambda n: f"张{n}")
    phone = factory.Sequence(mobile)
    email = ""
