"""Factories for owners."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from aftercare.owners.models import Owner


def mobile(n: int) -> str:
    """A valid mainland mobile number in E.164, distinct per n."""
    return f"+86138{n % 100_000_000:08d}"


class OwnerFactory(factory.django.DjangoModelFactory):
    """An owner; `OwnerFactory(login=True)` also gives them the login an OTP sign-in would create."""

    class Meta:
        model = Owner
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"张{n}")
    phone = factory.Sequence(mobile)
    email = ""

    @factory.post_generation
    def login(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if not (create and extracted):
            return
        user = get_user_model().objects.create_user(username=f"owner{self.phone}", phone=self.phone)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        self.user = user
        self.save(update_fields=["user"])
