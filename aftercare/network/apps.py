from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _seed_grants(sender: AppConfig, **kwargs: Any) -> None:
    """After migrate: make sure every app's permissions exist, then add missing default grants."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from aftercare.network.services import level_grants_seed

    using = kwargs.get("using", "default")
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    level_grants_seed()


class NetworkConfig(AppConfig):
    name = "aftercare.network"
    verbose_name = _("Dealer network")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # Setup data, not business flow.
        post_migrate.connect(_seed_grants, sender=self, dispatch_uid="aftercare.network.seed_grants")
