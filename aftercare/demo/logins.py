"""The demo accounts `aftercare serve` prints (filled in by the demo generator)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import DatabaseError

from aftercare.kernel.phones import check_mobile
from aftercare.network.choices import StaffRole
from aftercare.owners.models import Owner

# Demo data, printed on purpose next to the usernames; never used outside the demo network.
DEMO_PASSWORD = "aftercare-demo"  # noqa: S105
DEMO_OWNER_PHONE = "13800138000"
DEMO_OWNER_NAME = "王小明"
STAFF_LOGINS: dict[StaffRole, str] = {
    StaffRole.ADVISOR: "demo-advisor",
    StaffRole.TECHNICIAN: "demo-technician",
    StaffRole.MANAGER: "demo-manager",
    StaffRole.OPERATOR: "demo-operator",
}
BASE_URL = "http://127.0.0.1:8000"


def demo_owner_e164() -> str:
    """The demo owner's phone as stored (E.164)."""
    return check_mobile(DEMO_OWNER_PHONE).e164 or DEMO_OWNER_PHONE


def demo_logins(base_url: str = BASE_URL) -> list[str]:
    """One line per role whose demo account exists in the database."""
    try:
        existing = set(
            get_user_model().objects.filter(username__in=STAFF_LOGINS.values()).values_list("username", flat=True)
        )
        owner = Owner.objects.filter(phone=demo_owner_e164()).exists()
    except DatabaseError:  # not migrated yet: nothing to show
        return []
    lines = [
        f"{role.value:<11} {username} / {DEMO_PASSWORD}   {base_url}/login/"
        for role, username in STAFF_LOGINS.items()
        if username in existing
    ]
    if owner:
        lines.append(
            f"{'owner':<11} {DEMO_OWNER_PHONE} (one-time code: printed in this server console)   {base_url}/my/"
        )
    return lines
