from django.urls import path

from aftercare.portal.views import cars as views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("vehicles/new/", views.vehicle_add, name="vehicle-add"),
    path("vehicles/<int:vehicle_id>/", views.vehicle_detail, name="vehicle"),
    path("vehicles/<int:vehicle_id>/odometer/", views.odometer_record, name="vehicle-odometer"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:message_id>/read/", views.inbox_read, name="inbox-read"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox-read-all"),
    path("profile/", views.profile, name="profile"),
    path("profile/consent/", views.consent, name="consent"),
]
