from django.db import models
from django.utils.translation import gettext_lazy as _


class VehicleUseType(models.TextChoices):
    PRIVATE = "private", _("Private (non-operating)")
    OPERATING = "operating", _("Operating")
    RIDE_HAILING = "ride_hailing", _("Ride-hailing")
    CONVERTED = "converted", _("Converted from operating")


class PlateKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary")
    NEW_ENERGY_SMALL = "new_energy_small", _("New-energy (small)")
    NEW_ENERGY_LARGE = "new_energy_large", _("New-energy (large)")
    SPECIAL = "special", _("Special")


class OwnershipSource(models.TextChoices):
    REGISTRATION = "registration", _("First registration with us")
    TRANSFER = "transfer", _("Transfer (过户)")


class OdometerSource(models.TextChoices):
    CHECK_IN = "check_in", _("Store check-in")
    OWNER = "owner", _("Owner")
    INSPECTION = "inspection", _("Inspection")
    TRANSFER = "transfer", _("Ownership transfer")
    IMPORT = "import", _("Imported record")


class OdometerFlag(models.TextChoices):
    ROLLBACK = "rollback", _("Lower than an earlier reading")
    AHEAD_OF_LATER = "ahead_of_later", _("Higher than a later reading")


class VehicleFuelType(models.TextChoices):
    PETROL = "petrol", _("Petrol")
    DIESEL = "diesel", _("Diesel")
    HYBRID = "hybrid", _("Hybrid (HEV)")
    PLUG_IN_HYBRID = "plug_in_hybrid", _("Plug-in hybrid (PHEV)")
    ELECTRIC = "electric", _("Electric")
    OTHER = "other", _("Other")


class VehicleTransmission(models.TextChoices):
    MANUAL = "manual", _("Manual")
    AUTOMATIC = "automatic", _("Automatic")  # AT and CVT alike
    DUAL_CLUTCH = "dual_clutch", _("Dual-clutch")  # DCT/DSG; what the price model calls semi-automatic
