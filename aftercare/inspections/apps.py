from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _templates_load(sender: AppConfig, **kwargs: Any) -> None:
    """After migrate (and after a test flush): the bundled templates exist. Loading is idempotent."""
    from aftercare.inspections.catalog import load_all
    from aftercare.inspections.models import InspectionTemplate, TemplateItem, TemplateSection

    if not InspectionTemplate.objects.exists():
        load_all(models=(InspectionTemplate, TemplateSection, TemplateItem))


class InspectionsConfig(AppConfig):
    name = "aftercare.inspections"
    verbose_name = _("Inspections")
    importers = {"dtc": "aftercare.inspections.importers.dtc_import_lines"}

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # Setup data, not business flow.
        post_migrate.connect(_templates_load, sender=self, dispatch_uid="aftercare.inspections.templates")
