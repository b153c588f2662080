from django.urls import path

from aftercare.portal.views import appointments, history_share, homecoming, inspections, valuation, workorders
from aftercare.portal.views import cars as views

app_name = "portal"
urlpatterns = [
    path("vehicles/<int:vehicle_id>/inspections/", inspections.vehicle_inspections, name="vehicle-inspections"),
    path("inspections/<int:inspection_id>/", inspections.inspection, name="inspection"),
    path("inspections/<int:inspection_id>/report.pdf", inspections.inspection_pdf, name="inspection-pdf"),
    path("inspections/photos/<int:photo_id>/", inspections.photo, name="inspection-photo"),
    path("", views.home, name="home"),
    path("vehicles/new/", views.vehicle_add, name="vehicle-add"),
    path("vehicles/<int:vehicle_id>/", views.vehicle_detail, name="vehicle"),
    path("vehicles/<int:vehicle_id>/odometer/", views.odometer_record, name="vehicle-odometer"),
    path("vehicles/<int:vehicle_id>/worth/", valuation.vehicle_worth, name="vehicle-worth"),
    path("offers/<str:token>/", valuation.offer_document, name="offer"),
    path("vehicles/<int:vehicle_id>/history-link/", history_share.history_share, name="vehicle-history-share"),
    path(
        "vehicles/<int:vehicle_id>/history-link/change/",
        history_share.history_share_change,
        name="vehicle-history-share-change",
    ),
    path("vehicles/<int:vehicle_id>/homecoming/", homecoming.vehicle_homecoming, name="vehicle-homecoming"),
    path(
        "vehicles/<int:vehicle_id>/homecoming/enrol/",
        homecoming.vehicle_homecoming_enrol,
        name="vehicle-homecoming-enrol",
    ),
    path("homecoming/join/", homecoming.homecoming_join, name="vehicle-homecoming-join"),
    path("homecoming/enrolments/<int:enrolment_id>/", homecoming.homecoming_result, name="vehicle-homecoming-result"),
    path(
        "homecoming/enrolments/<int:enrolment_id>/photo/",
        homecoming.homecoming_photo,
        name="vehicle-homecoming-photo",
    ),
    path("appointments/", appointments.appointment_list, name="appointments"),
    path("appointments/new/", appointments.appointment_new, name="appointment-new"),
    path("appointments/confirm/", appointments.appointment_confirm, name="appointment-confirm"),
    path("appointments/<int:appointment_id>/", appointments.appointment_detail, name="appointment"),
    path("appointments/<int:appointment_id>/cancel/", appointments.appointment_cancel, name="appointment-cancel"),
    path(
        "appointments/<int:appointment_id>/reschedule/",
        appointments.appointment_reschedule,
        name="appointment-reschedule",
    ),
    path("workorders/", workorders.work_order_list, name="workorders"),
    path("workorders/<int:work_order_id>/", workorders.work_order_detail, name="workorder"),
    path(
        "workorders/<int:work_order_id>/lines/<int:line_id>/decide/",
        workorders.line_decide,
        name="workorder-line-decide",
    ),
    path("workorders/<int:work_order_id>/pay/", workorders.pay, name="workorder-pay"),
    path("workorders/<int:work_order_id>/invoice/", workorders.invoice, name="workorder-invoice"),
    path("workorders/<int:work_order_id>/rate/", workorders.rate, name="workorder-rate"),
    path("workorders/media/<int:attachment_id>/", workorders.media, name="workorder-media"),
    path("pay/fake/<str:provider_ref>/", workorders.fake_checkout, name="fake-pay"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:message_id>/read/", views.inbox_read, name="inbox-read"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox-read-all"),
    path("profile/", views.profile, name="profile"),
    path("profile/consent/", views.consent, name="consent"),
]
