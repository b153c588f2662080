"""Writes to the audit trail."""

from __future__ import annotations

from collections.abc import Sequence

from aftercare.audit.models import AuditEntry


def audit_record(
    *,
    actor_user_id: int,
    action: str,
    object_type: str,
    object_id: str | int,
    fields: Sequence[str] = (),
    reason: str = "",
    dealer_group_id: int | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one audit entry; runs inside the caller's transaction."""
    return AuditEntry.objects.create(
        actor_id=actor_user_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        fields=list(fields),
        reason=reason[:200],
        dealer_group_id=dealer_group_id,
        ip_address=ip_address,
    )
