from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "aftercare.network"
    verbose_name = _("Dealer network")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from aftercare.network.services import level_grants_seed

        # Setup data, not business flow: make sure the default grants exist after every migrate.
        post_migrate.connect(lambda sender, **kw: level_grants_seed() if sender is self else None, weak=False)
