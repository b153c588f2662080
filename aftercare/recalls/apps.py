from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecallsConfig(AppConfig):
    name = "aftercare.recalls"
    verbose_name = _("Recalls")
    # `aftercare import KIND PATH` finds importers here, so the lower vehicles app never imports recalls.
    importers = {"recalls": "aftercare.recalls.importers.command_import"}

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from aftercare.recalls import hooks

        post_save.connect(hooks.vehicle_saved, sender="vehicles.Vehicle", dispatch_uid="recalls.vehicle_saved")
        post_save.connect(hooks.ownership_saved, sender="vehicles.Ownership", dispatch_uid="recalls.ownership_saved")
