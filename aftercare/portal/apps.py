from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "aftercare.portal"
