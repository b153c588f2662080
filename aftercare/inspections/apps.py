from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "aftercare.inspections"
    verbose_name = _("Inspections")
    importers = {"dtc": "aftercare.inspections.importers.dtc_import_lines"}
