"""Finding and deleting the demo network, including whatever people added to it while trying the demo."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from aftercare.accounts.models import OneTimeCode
from aftercare.audit.models import AuditEntry
from aftercare.demo import logins
from aftercare.demo.appointments import appointments_demo_delete
from aftercare.demo.homecoming import homecoming_demo_delete
from aftercare.demo.inspections import inspections_demo_delete
from aftercare.demo.names import GROUP_CODES
from aftercare.demo.network import SECOND_OPERATOR
from aftercare.demo.valuation import valuation_demo_delete
from aftercare.demo.workorders import workorders_demo_delete
from aftercare.history.models import HistoryEvent
from aftercare.history.services import log_rebuild
from aftercare.network.choices import StaffRole
from aftercare.network.models import Customer, DealerGroup, Staff, Store
from aftercare.owners.models import Owner
from aftercare.vehicles.models import OdometerReading, Ownership, Vehicle

OPERATOR_USERNAMES = (logins.STAFF_LOGINS[StaffRole.OPERATOR], SECOND_OPERATOR)


def demo_exists() -> bool:
    """True when any demo dealer group or fixed demo login is in the database."""
    usernames = list(logins.STAFF_LOGINS.values())
    return (
        DealerGroup.objects.filter(code__in=GROUP_CODES).exists()
        or get_user_model().objects.filter(username__in=usernames).exists()
    )


def _ids(qs: QuerySet[Any]) -> list[int]:
    return list(qs.values_list("pk", flat=True).distinct())


@dataclass(frozen=True)
class DemoRows:
    """Primary keys of what belongs to the demo, gathered before anything is deleted."""

    groups: list[int]
    users: list[int]
    owners: list[int]
    vehicles: list[int]


def _demo_rows() -> DemoRows:
    users = get_user_model().objects.filter(is_superuser=False)
    groups = _ids(DealerGroup.objects.filter(code__in=GROUP_CODES))
    logins_q = Q(username__in=[*logins.STAFF_LOGINS.values(), *OPERATOR_USERNAMES])
    staff_users = _ids(users.filter(Q(staff__dealer_group_id__in=groups) | logins_q))
    owners = _ids(
        Owner.objects.filter(
            Q(customers__dealer_group_id__in=groups)
            | Q(ownerships__vehicle__dealer_group_id__in=groups)
            | Q(phone=logins.demo_owner_e164())
        )
    )
    # Cars demo owners added from the portal have no group; cars of other groups are never touched.
    in_demo = Q(dealer_group_id__in=groups) | Q(dealer_group__isnull=True, ownerships__owner_id__in=owners)
    vehicles = _ids(Vehicle.objects.filter(in_demo))
    owner_users = _ids(users.filter(owner__pk__in=owners))
    return DemoRows(groups=groups, users=staff_users + owner_users, owners=owners, vehicles=vehicles)


def demo_delete() -> None:
    """Delete the demo groups and everything hanging from them, children first (most links are PROTECT)."""
    rows = _demo_rows()
    workorders_demo_delete(
        vehicle_ids=rows.vehicles, store_ids=_ids(Store.objects.filter(dealer_group_id__in=rows.groups))
    )
    homecoming_demo_delete(
        vehicle_ids=rows.vehicles, store_ids=_ids(Store.objects.filter(dealer_group_id__in=rows.groups))
    )
    inspections_demo_delete(
        vehicle_ids=rows.vehicles, store_ids=_ids(Store.objects.filter(dealer_group_id__in=rows.groups))
    )
    appointments_demo_delete(
        vehicle_ids=rows.vehicles, store_ids=_ids(Store.objects.filter(dealer_group_id__in=rows.groups))
    )
    valuation_demo_delete(vehicle_ids=list(rows.vehicles), group_ids=list(rows.groups))
    HistoryEvent.objects.filter(vehicle_id__in=rows.vehicles).delete()
    log_rebuild()  # a transparency log cannot drop entries: the demo's log starts afresh from what remains
    OdometerReading.objects.filter(vehicle_id__in=rows.vehicles).update(conflicts_with=None)
    OdometerReading.objects.filter(vehicle_id__in=rows.vehicles).delete()
    Ownership.objects.filter(Q(vehicle_id__in=rows.vehicles) | Q(owner_id__in=rows.owners)).delete()
    Vehicle.objects.filter(pk__in=rows.vehicles).delete()
    Customer.objects.filter(Q(dealer_group_id__in=rows.groups) | Q(owner_id__in=rows.owners)).delete()
    phones = list(Owner.objects.filter(pk__in=rows.owners).values_list("phone", flat=True))
    OneTimeCode.objects.filter(phone__in=phones).delete()
    Owner.objects.filter(pk__in=rows.owners).delete()
    Staff.objects.filter(Q(user_id__in=rows.users) | Q(dealer_group_id__in=rows.groups)).delete()
    AuditEntry.objects.filter(actor_id__in=rows.users).delete()  # the demo actors' audit trail goes with them
    get_user_model().objects.filter(pk__in=rows.users).delete()
    Store.objects.filter(dealer_group_id__in=rows.groups).delete()
    DealerGroup.objects.filter(pk__in=rows.groups).delete()
