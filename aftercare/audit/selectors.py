"""Reads of the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from aftercare.audit.models import AuditEntry


def audit_entry_list(*, object_type: str, object_id: str | int) -> QuerySet[AuditEntry]:
    """Entries about one object, newest first."""
    return AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("-created_at")
