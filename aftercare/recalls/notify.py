"""Owners hear about new open campaigns on their cars in their inbox: once per match, one message per owner."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aftercare.notifications.services import inbox_post
from aftercare.recalls.choices import RecallKind, VehicleRecallStatus
from aftercare.recalls.models import VehicleRecall

BATCH = 2_000
KIND = "recall_matched"


def _message(rows: list[tuple[int, int, str, str, str]]) -> tuple[str, str, str]:
    """Title, body and link for one owner's new matches: (recall id, vehicle id, vin, kind, component)."""
    vehicles = {r[1] for r in rows}
    link = f"/my/vehicles/{rows[0][1]}/" if len(vehicles) == 1 else "/my/vehicles/"
    if len(rows) == 1:
        _rid, _vid, vin, kind, component = rows[0]
        what = _("safety recall") if kind == RecallKind.SAFETY_RECALL else _("technical upgrade")
        title = _("A %(what)s applies to your car …%(vin)s") % {"what": what, "vin": vin[-6:]}
        body = _("Affected part: %(component)s. The repair is free of charge; book a visit at any store.") % {
            "component": component or _("see the details")
        }
        return title, body, link
    title = ngettext(
        "%(count)d recall or upgrade applies to your car",
        "%(count)d recalls or upgrades apply to your cars",
        len(rows),
    ) % {"count": len(rows)}
    body = _("Open the car page to see what each one fixes. The repairs are free of charge at any store.")
    return title, body, link


def owners_notify(scope: Q, *, now: dt.datetime) -> int:
    """Post one inbox message per current owner for open matches in scope not yet notified; returns owners told."""
    told: set[int] = set()
    after = 0
    while True:
        batch = list(
            VehicleRecall.objects.filter(
                scope,
                pk__gt=after,
                status=VehicleRecallStatus.OPEN,
                notified_at__isnull=True,
                vehicle__ownerships__ended_on__isnull=True,
                vehicle__ownerships__owner__user__isnull=False,
            )
            .order_by("pk")
            .values_list(
                "pk", "vehicle_id", "vehicle__vin", "campaign__kind", "campaign__component",
                "vehicle__ownerships__owner__user_id",
            )[:BATCH]
        )  # fmt: skip
        if not batch:
            return len(told)
        by_user: dict[int, list[tuple[int, int, str, str, str]]] = defaultdict(list)
        for rid, vid, vin, kind, component, user_id in batch:
            by_user[user_id].append((rid, vid, vin, kind, component))
        for user_id, rows in by_user.items():
            title, body, link = _message(rows)
            inbox_post(recipient_id=user_id, kind=KIND, title=title[:200], body=body, link=link)
        VehicleRecall.objects.filter(pk__in=[r[0] for r in batch]).update(notified_at=now)
        told.update(by_user)
        after = batch[-1][0]
