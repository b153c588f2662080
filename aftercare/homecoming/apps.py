from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomecomingConfig(AppConfig):
    name = "aftercare.homecoming"
    verbose_name = _("Homecoming")
