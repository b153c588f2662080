from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.TextChoices):
    SERVICE = "service", _("Service records and reminders")
    MARKETING = "marketing", _("Offers and marketing")
    DATA_SHARING = "data_sharing", _("Sharing with other dealers in the network")
    CONNECTED = "connected", _("Connected-car data")


class ConsentChannel(models.TextChoices):
    PORTAL = "portal", _("Owner portal")
    STORE = "store", _("In store")
    API = "api", _("Integration")
