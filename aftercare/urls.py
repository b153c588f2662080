"""Root URLs: pages, the API under /api/, admin and the language switch."""

from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from aftercare.web.api import api


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz),
    path("console/", include("aftercare.console.urls")),
    path("my/", include("aftercare.portal.urls")),
    path("", include("aftercare.public.urls")),
    path("", include("aftercare.web.urls")),
]
