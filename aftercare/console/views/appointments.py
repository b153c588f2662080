"""Console pages about bookings: a store's agenda, one booking (cancel, no-show, driver, hand-overs) and the
workshop board (today's bays and the state of each car, refreshed by a small poll)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aftercare.appointments import rules as appointment_rules
from aftercare.appointments import selectors, services
from aftercare.appointments.choices import HOLDING_STATUSES, AppointmentStatus, HandoverStage
from aftercare.appointments.models import Appointment
from aftercare.appointments.services.pickup import next_stage, stages_needed
from aftercare.console.access import staff_page
from aftercare.kernel.errors import DomainError
from aftercare.kernel.http import actor_of, client_ip
from aftercare.kernel.tenancy import Actor
from aftercare.network.models import Store
from aftercare.network.selectors import store_list
from aftercare.pages.forms import km_field, place_domain_errors
from aftercare.pages.submit import Saved, submit
from aftercare.workorders.selectors import work_order_list

AGENDA_DAYS = 7
LATE_AFTER = dt.timedelta(minutes=15)
BOARD_POLL_SECONDS = 30


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=400, required=False)


class DriverForm(forms.Form):
    driver_id = forms.TypedChoiceField(label=gettext_lazy("Driver"), coerce=int, choices=())

    def __init__(self, *args: Any, drivers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["driver_id"]).choices = [("", "—"), *drivers]


class MultiImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiImageField(forms.FileField):
    """Several files in one input (Django's documented pattern); the service checks each is a photo."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        return [single(d, initial) for d in data] if isinstance(data, list | tuple) else single(data, initial)


class HandoverForm(forms.Form):
    km = km_field()
    photos = MultiImageField(
        label=gettext_lazy("Photos"),
        required=False,
        widget=MultiImageInput(attrs={"accept": "image/*", "capture": "environment", "multiple": True}),
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=400, required=False)


def _day(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return default


def _stores(actor: Actor) -> list[Store]:
    return list(store_list(actor=actor))


def _pick_store(request: HttpRequest, stores: list[Store]) -> Store:
    """The store asked for, else the staff member's own store, else the first in scope (404 when none)."""
    if not stores:
        raise Http404("no_store")
    wanted = request.GET.get("store", "")
    by_id = {str(s.pk): s for s in stores}
    if wanted in by_id:
        return by_id[wanted]
    own = actor_of(request).store_id
    return next((s for s in stores if s.pk == own), stores[0])


@staff_page
def agenda(request: HttpRequest) -> HttpResponse:
    """One store's bookings for a day, with the next days' counts to move between them."""
    actor = actor_of(request)
    stores = _stores(actor)
    store = _pick_store(request, stores)
    today = timezone.localdate()
    day = _day(request.GET.get("day"), today)
    rows = list(selectors.appointment_list(actor=actor, store_id=store.pk, date_from=day, date_to=day))
    first = min(day, today)
    counts = selectors.store_day_counts(
        actor=actor, store_id=store.pk, date_from=first, date_to=first + dt.timedelta(days=AGENDA_DAYS - 1)
    )
    days = [first + dt.timedelta(days=n) for n in range(AGENDA_DAYS)]
    context = {
        "stores": stores,
        "store": store,
        "day": day,
        "today": today,
        "prev_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "days": [(d, counts.get(d, 0)) for d in days],
        "rows": _with_states(actor, store, rows),
        "holding": sum(1 for r in rows if r.status in HOLDING_STATUSES),
    }
    return render(request, "console/appointments/agenda.html", context)


@dataclass(frozen=True)
class CarState:
    """What the board shows for a booking: a label, a colour key, and the work order when there is one."""

    label: str
    key: str
    work_order_id: int | None = None


def _states(actor: Actor, store: Store, rows: list[Appointment]) -> dict[int, CarState]:
    """Each booking's car state: the work order's status when the car is in, else the booking's own."""
    orders = (
        work_order_list(actor=actor, store_id=store.pk)
        .filter(appointment_id__in=[r.pk for r in rows])
        .order_by()
        .values_list("appointment_id", "pk", "status")
    )
    labels = _work_order_labels()
    by_appointment = {a: (pk, status) for a, pk, status in orders}
    now = timezone.now()
    states: dict[int, CarState] = {}
    for row in rows:
        if row.pk in by_appointment:
            pk, status = by_appointment[row.pk]
            states[row.pk] = CarState(labels.get(status, status), f"wo-{status}", pk)
        elif row.status == AppointmentStatus.BOOKED and now > row.starts_at + LATE_AFTER:
            states[row.pk] = CarState(_("Late"), "late")
        else:
            states[row.pk] = CarState(str(row.get_status_display()), row.status)
    return states


def _with_states(actor: Actor, store: Store, rows: list[Appointment]) -> list[Appointment]:
    states = _states(actor, store, rows)
    for row in rows:
        row.car_state = states[row.pk]  # type: ignore[attr-defined]
    return rows


def _work_order_labels() -> dict[str, str]:
    from aftercare.workorders.choices import WorkOrderState

    return {value: str(label) for value, label in WorkOrderState.choices}


@dataclass(frozen=True)
class Block:
    """A booking placed on a board lane: offsets in percent of the opening span."""

    appointment: Appointment
    state: CarState
    left: float
    width: float


def _span(store: Store, day: dt.date, rows: list[Appointment]) -> tuple[dt.datetime, dt.datetime]:
    tz = selectors.local_tz()
    opening = appointment_rules.opening_intervals(store.opening_hours or {}, day, tz)
    start = opening[0][0] if opening else dt.datetime.combine(day, dt.time(8), tz)
    end = opening[-1][1] if opening else dt.datetime.combine(day, dt.time(18), tz)
    for row in rows:
        start, end = min(start, row.starts_at), max(end, row.ends_at)
    return start, end


def _board_context(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    stores = _stores(actor)
    store = _pick_store(request, stores)
    today = timezone.localdate()
    day = _day(request.GET.get("day"), today)
    store, lanes = selectors.board(actor=actor, store_id=store.pk, day=day)
    rows = [a for lane in lanes for a in lane.appointments]
    states = _states(actor, store, rows)
    start, end = _span(store, day, rows)
    total = (end - start).total_seconds()

    def pct(moment: dt.datetime) -> float:
        return round(max(0.0, min(100.0, (moment - start).total_seconds() / total * 100)), 2)

    board = [
        (
            lane.bay,
            [
                Block(a, states[a.pk], pct(a.starts_at), round(pct(a.ends_at) - pct(a.starts_at), 2))
                for a in lane.appointments
            ],
        )
        for lane in lanes
    ]
    tz = selectors.local_tz()
    hours = []
    mark = start.astimezone(tz).replace(minute=0, second=0, microsecond=0)
    while mark <= end:
        if mark >= start:
            hours.append((mark, pct(mark)))
        mark += dt.timedelta(hours=1)
    now = timezone.now()
    tally: dict[str, int] = {}
    for state in states.values():
        tally[state.label] = tally.get(state.label, 0) + 1
    return {
        "stores": stores,
        "store": store,
        "day": day,
        "today": today,
        "board": board,
        "hours": hours,
        "now_pct": pct(now) if start <= now <= end else None,
        "updated_at": now,
        "tally": sorted(tally.items(), key=lambda kv: -kv[1]),
        "count": len(rows),
        "wall": request.GET.get("wall") == "1",
        "poll_seconds": _poll_seconds(request.GET.get("poll")),
    }


def _poll_seconds(value: str | None) -> int:
    """How often the board refreshes: 30 s, or what the screen asks for within 2–300 s."""
    try:
        return max(2, min(300, int(value or BOARD_POLL_SECONDS)))
    except ValueError:
        return BOARD_POLL_SECONDS


@staff_page
def board(request: HttpRequest) -> HttpResponse:
    """The workshop board: today's bookings per bay on a time line, with each car's state."""
    context = _board_context(request)
    if request.GET.get("partial") == "1":
        return render(request, "console/appointments/board_grid.html", context)
    return render(request, "console/appointments/board.html", context)


def _detail_context(request: HttpRequest, appointment: Appointment) -> dict[str, Any]:
    actor = actor_of(request)
    pickup = selectors.pickup_of(appointment)
    drivers = [
        (s.pk, f"{s.display_name} · {s.get_role_display()}")
        for s in selectors.store_staff_choices(actor=actor, store_id=appointment.store_id)
        if s.role != "operator"
    ]
    stage = next_stage(pickup) if pickup else None
    states = _states(actor, appointment.store, [appointment])
    return {
        "a": appointment,
        "state": states[appointment.pk],
        "pickup": pickup,
        "stages": [(s, HandoverStage(s).label) for s in stages_needed(pickup)] if pickup else [],
        "handovers": {h.stage: h for h in pickup.handovers.all()} if pickup else {},
        "next_stage": stage,
        "next_stage_label": HandoverStage(stage).label if stage else "",
        "events": selectors.appointment_events(appointment=appointment),
        "cancel_form": CancelForm(),
        "driver_form": DriverForm(drivers=drivers, initial={"driver_id": pickup.driver_id if pickup else None}),
        "handover_form": HandoverForm(),
        "can_no_show": appointment_rules.can_mark_no_show(
            status=appointment.status, starts_at=appointment.starts_at, now=timezone.now()
        ),
        "is_open": appointment.status in (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN),
    }


@staff_page
def appointment_detail(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """One booking: car, time, bay and technician, pick-up and delivery with hand-overs, activity log."""
    appointment = selectors.appointment_get(actor=actor_of(request), appointment_id=appointment_id)
    return render(request, "console/appointments/detail.html", _detail_context(request, appointment))


def _again(request: HttpRequest, appointment_id: int, status: int, **forms_: forms.Form) -> HttpResponse:
    appointment = selectors.appointment_get(actor=actor_of(request), appointment_id=appointment_id)
    context = _detail_context(request, appointment) | forms_
    return render(request, "console/appointments/detail.html", context, status=status)


def _back(appointment_id: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("console:appointment", args=[appointment_id]) + anchor)


@staff_page
@require_POST
def appointment_cancel(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Cancel with a reason; the slot is free again at once."""
    form = CancelForm(request.POST)
    result = submit(
        form,
        lambda d: services.appointment_cancel(
            actor=actor_of(request), appointment_id=appointment_id, reason=d["reason"]
        ),
    )
    if isinstance(result, Saved):
        messages.success(request, _("Booking cancelled. The owner has been told."))
        return _back(appointment_id)
    return _again(request, appointment_id, result, cancel_form=form)


@staff_page
@require_POST
def appointment_no_show(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Record that the car did not come."""
    try:
        services.appointment_no_show(actor=actor_of(request), appointment_id=appointment_id)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.render_message())
        return _back(appointment_id)
    messages.success(request, _("Recorded as a no-show."))
    return _back(appointment_id)


@staff_page
@require_POST
def appointment_driver(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Assign the driver who collects and returns the car."""
    appointment = selectors.appointment_get(actor=actor_of(request), appointment_id=appointment_id)
    drivers = [
        (s.pk, s.display_name)
        for s in selectors.store_staff_choices(actor=actor_of(request), store_id=appointment.store_id)
    ]
    form = DriverForm(request.POST, drivers=drivers)
    result = submit(
        form,
        lambda d: services.driver_assign(
            actor=actor_of(request), appointment_id=appointment_id, driver_id=d["driver_id"]
        ),
    )
    if isinstance(result, Saved):
        messages.success(request, _("Driver assigned."))
        return _back(appointment_id, "#pickup")
    return _again(request, appointment_id, result, driver_form=form)


@staff_page
@require_POST
def appointment_handover(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Record the next hand-over of the car: odometer and photos."""
    form = HandoverForm(request.POST, request.FILES)
    stage = request.POST.get("stage", "")
    if not form.is_valid():
        return _again(request, appointment_id, 400, handover_form=form)
    try:
        services.handover_record(
            actor=actor_of(request),
            appointment_id=appointment_id,
            stage=stage,
            km=form.cleaned_data["km"],
            photos=request.FILES.getlist("photos"),
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        if exc.status in (403, 404) and exc.code != "handover_out_of_order":
            raise
        place_domain_errors(form, exc)
        return _again(request, appointment_id, exc.status, handover_form=form)
    messages.success(request, _("Hand-over recorded."))
    return _back(appointment_id, "#pickup")


@staff_page
@require_POST
def appointment_reveal(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Show the full addresses to the assigned driver or staff allowed to reveal personal data (audited)."""
    services.pickup_addresses_reveal(
        actor=actor_of(request), appointment_id=appointment_id, ip_address=client_ip(request)
    )
    appointment = selectors.appointment_get(actor=actor_of(request), appointment_id=appointment_id)
    return render(
        request, "console/appointments/detail.html", _detail_context(request, appointment) | {"revealed": True}
    )
