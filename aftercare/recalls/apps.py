from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecallsConfig(AppConfig):
    name = "aftercare.recalls"
    verbose_name = _("Recalls")
