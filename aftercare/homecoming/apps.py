from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _seed(sender: AppConfig, **kwargs: Any) -> None:
    """After migrate (and after a test flush): the default rules and role grants exist as data."""
    from aftercare.homecoming.services import homecoming_seed

    homecoming_seed()


class HomecomingConfig(AppConfig):
    name = "aftercare.homecoming"
    verbose_name = _("Homecoming")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # Setup data, not business flow.
        post_migrate.connect(_seed, sender=self, dispatch_uid="aftercare.homecoming.seed")
