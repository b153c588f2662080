"""Booking services: holding slots, refusing clear mistakes, changes, reminders; nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from aftercare.appointments import services
from aftercare.appointments.choices import AppointmentStatus
from aftercare.appointments.models import Appointment, AppointmentEvent, PickupDelivery
from aftercare.appointments.tests.conftest import MONDAY
from aftercare.appointments.tests.factories import Shop, booking, local, service_type, shop
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.errors import DomainError, NotFound
from aftercare.network.models import Customer
from aftercare.network.tests.factories import StaffFactory, StoreFactory, actor_of_owner, actor_of_staff
from aftercare.notifications.backends import MemoryBackend
from aftercare.notifications.models import Delivery, InboxMessage
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles.tests.conftest import assert_chinese
from aftercare.vehicles.tests.factories import vehicle_with_owner

pytestmark = pytest.mark.django_db
TUESDAY = MONDAY + dt.timedelta(days=1)


def _book(s: Shop, clock: FixedClock, start: dt.datetime, code: str = "oil-service", **kw: object) -> Appointment:
    return services.appointment_book(
        actor=kw.pop("actor", actor_of_owner(s.owner)),
        vehicle_id=kw.pop("vehicle_id", s.vehicle.pk),
        store_id=kw.pop("store_id", s.store.pk),
        service_type_id=service_type(code).pk,
        starts_at=start,
        clock=clock,
        **kw,
    )


def _refused(expected: str, call, *args: object, **kwargs: object) -> DomainError:  # type: ignore[no-untyped-def]
    before = (Appointment.objects.count(), AppointmentEvent.objects.count(), PickupDelivery.objects.count())
    with pytest.raises(DomainError) as info:
        call(*args, **kwargs)
    assert info.value.code == expected, info.value.code
    assert (Appointment.objects.count(), AppointmentEvent.objects.count(), PickupDelivery.objects.count()) == before
    return info.value


def _both_languages(error: DomainError) -> tuple[str, str]:
    with translation.override("en"):
        en = error.render_message()
    with translation.override("zh-hans"):
        zh = error.render_message()
    return en, zh


def test_owner_books_and_holds_a_qualified_bay_and_technician(s: Shop, clock: FixedClock) -> None:
    appt = _book(s, clock, local(TUESDAY, 10), concerns="  刹车有异响 ")
    assert appt.status == AppointmentStatus.BOOKED
    assert appt.bay in s.bays and appt.technician in s.technicians
    assert appt.ends_at - appt.starts_at == dt.timedelta(minutes=60)
    assert appt.concerns == "刹车有异响" and appt.channel == "portal" and appt.owner == s.owner
    assert appt.events.get().kind == "booked"
    assert InboxMessage.objects.filter(recipient_id=s.owner.user_id, kind="appointment").exists()


def test_the_junior_technician_is_used_first_so_seniors_stay_free(s: Shop, clock: FixedClock) -> None:
    appt = _book(s, clock, local(TUESDAY, 10))
    assert appt.technician.level == "junior"


def test_senior_only_service_takes_the_senior_technician(clock: FixedClock, db: None) -> None:
    ev = shop(skills=("general", "ev-hv"), technician_levels=("junior", "intermediate", "senior"))
    appt = _book(ev, clock, local(TUESDAY, 10), code="ev-hv")
    assert appt.technician.level == "senior"
    # The only senior is busy now: a second EV job at the same time has no qualified technician.
    other = vehicle_with_owner(dealer_group=ev.store.dealer_group, owner=ev.owner)
    _refused("slot_taken", _book, ev, clock, local(TUESDAY, 10), code="ev-hv", vehicle_id=other.pk)


def test_a_full_bay_set_refuses_the_next_booking_with_slot_taken(s: Shop, clock: FixedClock) -> None:
    for _ in range(2):
        car = vehicle_with_owner(dealer_group=s.store.dealer_group, owner=s.owner)
        _book(s, clock, local(TUESDAY, 10), vehicle_id=car.pk)
    err = _refused("slot_taken", _book, s, clock, local(TUESDAY, 10, 30))
    en, zh = _both_languages(err)
    assert en == "Sorry, this time has just been taken. Please choose another time."
    assert_chinese(zh)
    assert err.status == 409
    # Right after the two bookings end, a bay is free again.
    assert _book(s, clock, local(TUESDAY, 11)).starts_at == local(TUESDAY, 11)


def test_a_bay_without_the_skill_is_never_held(clock: FixedClock, db: None) -> None:
    s = shop(bays=2, skills=("general",))
    _refused("store_not_qualified", _book, s, clock, local(TUESDAY, 10), code="alignment")


def test_the_same_car_cannot_be_booked_twice_at_once(s: Shop, clock: FixedClock) -> None:
    _book(s, clock, local(TUESDAY, 10))
    _refused("vehicle_already_booked", _book, s, clock, local(TUESDAY, 10, 30))


@pytest.mark.parametrize(
    ("start", "code", "field"),
    [
        (local(MONDAY, 8), "starts_in_past", "starts_at"),
        (local(MONDAY, 9, 30), "starts_too_soon", "starts_at"),
        (local(MONDAY + dt.timedelta(days=90), 10), "starts_too_far_ahead", "starts_at"),
        (local(TUESDAY, 7), "outside_opening_hours", "starts_at"),
        (local(TUESDAY, 17, 30), "outside_opening_hours", "starts_at"),  # would run past 18:00
        (local(MONDAY + dt.timedelta(days=6), 10), "outside_opening_hours", "starts_at"),  # Sunday: closed
    ],
)
def test_bad_times_are_refused_clearly(s: Shop, clock: FixedClock, start: dt.datetime, code: str, field: str) -> None:
    err = _refused(code, _book, s, clock, start)
    assert field in err.fields
    en, zh = _both_languages(err)
    assert en and en != zh
    assert_chinese(zh)


def test_not_your_car_looks_like_a_missing_car(s: Shop, clock: FixedClock) -> None:
    stranger = OwnerFactory(login=True)
    with pytest.raises(NotFound):
        _book(s, clock, local(TUESDAY, 10), actor=actor_of_owner(stranger))
    assert not Appointment.objects.exists()


def test_unknown_service_type_and_store(s: Shop, clock: FixedClock) -> None:
    with pytest.raises(NotFound):
        _book(s, clock, local(TUESDAY, 10), store_id=987654)
    err = _refused(
        "service_type_not_found",
        services.appointment_book,
        actor=actor_of_owner(s.owner),
        vehicle_id=s.vehicle.pk,
        store_id=s.store.pk,
        service_type_id=987654,
        starts_at=local(TUESDAY, 10),
        clock=clock,
    )
    assert "service_type_id" in err.fields


def test_owner_may_book_at_a_store_of_another_group_and_becomes_its_customer(s: Shop, clock: FixedClock) -> None:
    other = shop()
    appt = _book(s, clock, local(TUESDAY, 10), store_id=other.store.pk)
    assert appt.store == other.store
    assert Customer.objects.filter(dealer_group=other.store.dealer_group, owner=s.owner).exists()


def test_staff_books_for_a_customer_but_not_at_another_groups_store(s: Shop, clock: FixedClock) -> None:
    advisor = actor_of_staff(s.advisor)
    appt = _book(s, clock, local(MONDAY, 9, 30), actor=advisor)  # staff may book within the lead time
    assert appt.channel == "console"
    foreign = StoreFactory()
    with pytest.raises(NotFound):
        _book(s, clock, local(TUESDAY, 10), actor=advisor, store_id=foreign.pk)


def test_technicians_cannot_book(s: Shop, clock: FixedClock) -> None:
    _refused("permission_denied", _book, s, clock, local(TUESDAY, 10), actor=actor_of_staff(s.technicians[0]))


def test_pickup_addresses_are_checked_and_stored(s: Shop, clock: FixedClock) -> None:
    err = _refused(
        "invalid_input",
        _book,
        s,
        clock,
        local(TUESDAY, 10),
        pickup=services.PickupInput(pickup_address="家", delivery_address="x" * 201),
    )
    assert set(err.fields) == {"pickup_address", "delivery_address"}
    appt = _book(s, clock, local(TUESDAY, 10), pickup=services.PickupInput(pickup_address="北京市朝阳区望京街10号"))
    assert appt.pickup.pickup_address == "北京市朝阳区望京街10号" and appt.pickup.delivery_address == ""


def test_reschedule_moves_atomically_and_keeps_the_bay_when_free(s: Shop, clock: FixedClock) -> None:
    appt = _book(s, clock, local(TUESDAY, 10))
    moved = services.appointment_reschedule(
        actor=actor_of_owner(s.owner), appointment_id=appt.pk, starts_at=local(TUESDAY, 14), clock=clock
    )
    assert (moved.starts_at, moved.bay_id, moved.reschedule_count) == (local(TUESDAY, 14), appt.bay_id, 1)
    assert list(moved.events.values_list("kind", flat=True)) == ["booked", "rescheduled"]
    # Moving onto a full hour is refused and changes nothing.
    for _ in range(2):
        booking(
            s,
            local(TUESDAY, 16),
            bay=s.bays[_],
            technician=s.technicians[_],
            vehicle=vehicle_with_owner(dealer_group=s.store.dealer_group),
        )
    err = _refused(
        "slot_taken",
        services.appointment_reschedule,
        actor=actor_of_owner(s.owner),
        appointment_id=appt.pk,
        starts_at=local(TUESDAY, 16),
        clock=clock,
    )
    assert err.status == 409
    assert Appointment.objects.get(pk=appt.pk).starts_at == local(TUESDAY, 14)


def test_a_booking_can_move_onto_its_own_time_window(s: Shop, clock: FixedClock) -> None:
    appt = _book(s, clock, local(TUESDAY, 10))
    moved = services.appointment_reschedule(
        actor=actor_of_owner(s.owner), appointment_id=appt.pk, starts_at=local(TUESDAY, 10, 30), clock=clock
    )
    assert moved.starts_at == local(TUESDAY, 10, 30)


def test_cancel_needs_a_reason_and_frees_the_slot(s: Shop, clock: FixedClock) -> None:
    s1 = shop(bays=1, technician_levels=("junior",))
    appt = _book(s1, clock, local(TUESDAY, 10))
    err = _refused(
        "invalid_input",
        services.appointment_cancel,
        actor=actor_of_owner(s1.owner),
        appointment_id=appt.pk,
        reason=" ",
        clock=clock,
    )
    assert "reason" in err.fields
    services.appointment_cancel(actor=actor_of_owner(s1.owner), appointment_id=appt.pk, reason="临时出差", clock=clock)
    appt.refresh_from_db()
    assert (appt.status, appt.cancel_reason) == ("cancelled", "临时出差")
    assert _book(s1, clock, local(TUESDAY, 10)).bay == appt.bay
    _refused(
        "appointment_status",
        services.appointment_cancel,
        actor=actor_of_owner(s1.owner),
        appointment_id=appt.pk,
        reason="again",
        clock=clock,
    )


def test_another_owner_cannot_touch_my_booking(s: Shop, clock: FixedClock) -> None:
    appt = _book(s, clock, local(TUESDAY, 10))
    stranger = actor_of_owner(OwnerFactory(login=True))
    with pytest.raises(NotFound):
        services.appointment_cancel(actor=stranger, appointment_id=appt.pk, reason="x", clock=clock)
    with pytest.raises(NotFound):
        services.appointment_reschedule(
            actor=stranger, appointment_id=appt.pk, starts_at=local(TUESDAY, 14), clock=clock
        )
    assert Appointment.objects.get(pk=appt.pk).status == "booked"


def test_no_show_only_after_the_start_and_only_by_staff(s: Shop, clock: FixedClock) -> None:
    appt = _book(s, clock, local(TUESDAY, 10))
    advisor = actor_of_staff(s.advisor)
    _refused("no_show_too_early", services.appointment_no_show, actor=advisor, appointment_id=appt.pk, clock=clock)
    _refused(
        "permission_denied",
        services.appointment_no_show,
        actor=actor_of_owner(s.owner),
        appointment_id=appt.pk,
        clock=clock,
    )
    clock.advance(dt.timedelta(days=1, hours=1, minutes=15))
    assert services.appointment_no_show(actor=advisor, appointment_id=appt.pk, clock=clock).status == "no_show"


def test_check_in_then_complete_then_nothing_more(s: Shop, clock: FixedClock) -> None:
    appt = _book(s, clock, local(TUESDAY, 10))
    advisor = actor_of_staff(s.advisor)
    assert services.appointment_check_in(actor=advisor, appointment_id=appt.pk, clock=clock).status == "checked_in"
    _refused(
        "reschedule_refused",
        services.appointment_reschedule,
        actor=advisor,
        appointment_id=appt.pk,
        starts_at=local(TUESDAY, 14),
        clock=clock,
    )
    assert services.appointment_complete(actor=advisor, appointment_id=appt.pk, clock=clock).status == "completed"
    _refused("appointment_status", services.appointment_check_in, actor=advisor, appointment_id=appt.pk, clock=clock)
    foreign = actor_of_staff(StaffFactory())
    with pytest.raises(NotFound):
        services.appointment_check_in(actor=foreign, appointment_id=appt.pk, clock=clock)


def test_day_before_reminder_goes_out_once(s: Shop, clock: FixedClock) -> None:
    tomorrow = _book(s, clock, local(TUESDAY, 10))
    later = _book(s, clock, local(TUESDAY + dt.timedelta(days=1), 10))
    cancelled = booking(
        s, local(TUESDAY, 15), status="cancelled", vehicle=vehicle_with_owner(dealer_group=s.store.dealer_group)
    )
    assert services.appointment_reminders_send(clock=clock) == 1
    assert services.appointment_reminders_send(clock=clock) == 0
    tomorrow.refresh_from_db()
    later.refresh_from_db()
    cancelled.refresh_from_db()
    assert tomorrow.reminded_at == clock.now() and later.reminded_at is None and cancelled.reminded_at is None
    assert Delivery.objects.filter(kind="appointment_reminder").count() == 1
    assert InboxMessage.objects.filter(kind="appointment_reminder", recipient_id=s.owner.user_id).count() == 1
    # Rescheduling to another day re-arms the reminder for the new day.
    services.appointment_reschedule(
        actor=actor_of_owner(s.owner),
        appointment_id=tomorrow.pk,
        starts_at=local(TUESDAY + dt.timedelta(days=2), 10),
        clock=clock,
    )
    tomorrow.refresh_from_db()
    assert tomorrow.reminded_at is None


def test_reminder_sms_is_sent_after_commit(s: Shop, clock: FixedClock, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _book(s, clock, local(TUESDAY, 10))
    MemoryBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_reminders_send(clock=clock)
    assert len(MemoryBackend.outbox) == 1
    assert "10:00" in MemoryBackend.outbox[0].text
