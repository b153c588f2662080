from django.urls import path

from aftercare.console.views import customers, network, tokens, vehicles

app_name = "console"
urlpatterns = [
    path("", vehicles.dashboard, name="dashboard"),
    path("vehicles/", vehicles.vehicle_search, name="vehicles"),
    path("vehicles/new/", vehicles.vehicle_register, name="vehicle-register"),
    path("vehicles/<int:vehicle_id>/", vehicles.vehicle_detail, name="vehicle"),
    path("vehicles/<int:vehicle_id>/odometer/", vehicles.odometer_record, name="vehicle-odometer"),
    path("vehicles/<int:vehicle_id>/transfer/", vehicles.vehicle_transfer, name="vehicle-transfer"),
    path("customers/", customers.customers, name="customers"),
    path("customers/<int:customer_id>/", customers.customer_detail, name="customer"),
    path("customers/<int:customer_id>/reveal/", customers.customer_reveal, name="customer-reveal"),
    path("customers/<int:customer_id>/advisor/", customers.customer_advisor, name="customer-advisor"),
    path("stores/", network.stores, name="stores"),
    path("stores/<int:store_id>/", network.store_detail, name="store"),
    path("staff/<int:staff_id>/depart/", network.staff_depart, name="store-staff-depart"),
    path("inbox/", network.inbox, name="inbox"),
    path("inbox/<int:message_id>/read/", network.inbox_read, name="inbox-read"),
    path("inbox/read-all/", network.inbox_read_all, name="inbox-read-all"),
    path("tokens/", tokens.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", tokens.token_revoke, name="token-revoke"),
]
