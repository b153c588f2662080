"""The story of each vehicle, one event per change, written in the same transaction as the change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftercare.history.choices import HistoryEventType


class HistoryEvent(models.Model):
    """One event in a vehicle's story. Payloads carry ids and facts, never plaintext personal data."""

    vehicle = models.ForeignKey("vehicles.Vehicle", on_delete=models.PROTECT, related_name="history")
    event_type = models.CharField(_("event"), max_length=40, choices=HistoryEventType.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    payload = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("history event")
        verbose_name_plural = _("history events")
        indexes = [models.Index(fields=["vehicle", "occurred_at"])]
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.pk}"


class LogHead(models.Model):
    """The one row that serialises appends: the tree size and its compact range (right-edge subtree hashes)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField(default=0)
    frontier = models.BinaryField(default=b"")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("log head")
        verbose_name_plural = _("log heads")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="history_loghead_single_row")]


class LogLeaf(models.Model):
    """One entry of the transparency log: the canonical bytes of one event and their RFC 9162 leaf hash.

    The event link has no database constraint: the log is never changed when an event row is, so a
    deleted or edited event is exactly what `aftercare history verify` reports.
    """

    index = models.BigIntegerField(primary_key=True)
    event = models.OneToOneField(
        HistoryEvent, on_delete=models.DO_NOTHING, db_constraint=False, related_name="log_leaf"
    )
    leaf = models.TextField()
    leaf_hash = models.CharField(max_length=64, unique=True)
    appended_at = models.DateTimeField()

    class Meta:
        verbose_name = _("log leaf")
        verbose_name_plural = _("log leaves")
        ordering = ["index"]


NODE_LEVEL_SHIFT = 56  # node key = level << 56 | index: trees up to 2^56 leaves


class LogNode(models.Model):
    """The hash of one complete (perfect) subtree above the leaves, written when its last leaf is appended."""

    key = models.BigIntegerField(primary_key=True)
    hash = models.BinaryField(max_length=32)

    class Meta:
        verbose_name = _("log node")
        verbose_name_plural = _("log nodes")

    @property
    def level(self) -> int:
        return self.key >> NODE_LEVEL_SHIFT

    @property
    def position(self) -> int:
        return self.key & ((1 << NODE_LEVEL_SHIFT) - 1)


class Checkpoint(models.Model):
    """A signed statement of the log's size and root (C2SP tlog-checkpoint in a signed note)."""

    tree_size = models.BigIntegerField(unique=True)
    root_hash = models.CharField(max_length=64)
    origin = models.CharField(max_length=200)
    key_name = models.CharField(max_length=200)
    key_id = models.CharField(max_length=8)
    note = models.TextField()
    published_at = models.DateTimeField()

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["tree_size"]


class SubjectSalt(models.Model):
    """The random salt behind one person's pseudonym in the log; deleting it unlinks the person for good."""

    kind = models.CharField(max_length=16)
    subject_id = models.BigIntegerField()
    salt = models.BinaryField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subject salt")
        verbose_name_plural = _("subject salts")
        constraints = [models.UniqueConstraint(fields=["kind", "subject_id"], name="history_salt_one_per_subject")]


class HistoryShare(models.Model):
    """An unguessable link to a car's public history page (QR code); the owner revokes and reissues it."""

    vehicle = models.ForeignKey("vehicles.Vehicle", on_delete=models.CASCADE, related_name="history_shares")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("history share link")
        verbose_name_plural = _("history share links")
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle"], condition=models.Q(revoked_at__isnull=True), name="history_one_active_share"
            )
        ]
