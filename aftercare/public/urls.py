"""Public pages (no login): shared links."""

from django.urls import path

from aftercare.public import history, inspections

app_name = "public"
urlpatterns = [
    path("h/<str:token>/", history.vehicle_history, name="vehicle-history"),
    path("r/<str:token>/", inspections.inspection_report, name="inspection-report"),
    path("r/<str:token>/pdf/", inspections.inspection_pdf, name="inspection-pdf"),
    path("r/<str:token>/photos/<int:photo_id>/", inspections.inspection_photo, name="inspection-photo"),
]
