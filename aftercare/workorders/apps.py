from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _seed_grants(sender: AppConfig, **kwargs: Any) -> None:
    """After migrate (and flush): the state machine's rows, job types and rates, then the work-order grants."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from aftercare.workorders.services import reference_data_seed, workorder_grants_seed

    using = kwargs.get("using", "default")
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    reference_data_seed()
    workorder_grants_seed()


class WorkordersConfig(AppConfig):
    name = "aftercare.workorders"
    verbose_name = _("Work orders")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # Setup data, not business flow (the same pattern as the network's level grants).
        post_migrate.connect(_seed_grants, sender=self, dispatch_uid="aftercare.workorders.seed_grants")
