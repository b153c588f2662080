"""Channel adapters. Providers (Aliyun SMS, Tencent SMS, WeChat templates…) implement NotificationBackend."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import ClassVar, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger("aftercare.notifications")


@dataclass(frozen=True)
class OutboundMessage:
    """What a channel needs to deliver one message."""

    channel: str
    address: str
    kind: str
    subject: str
    text: str


@dataclass(frozen=True)
class SendResult:
    """A provider's answer: its reference for the message, or why it failed."""

    ok: bool
    reference: str = ""
    error: str = ""


class NotificationBackend(Protocol):
    """The adapter interface every SMS, e-mail or WeChat provider implements."""

    def send(self, message: OutboundMessage) -> SendResult: ...


class ConsoleBackend:
    """Development: writes the message to the log instead of sending it."""

    def send(self, message: OutboundMessage) -> SendResult:
        logger.info("[%s → %s] %s %s", message.channel, message.address, message.subject, message.text)
        print(f"[{message.channel} → {message.address}] {message.subject}: {message.text}", flush=True)
        return SendResult(ok=True, reference="console")


class MemoryBackend:
    """Tests: keeps every message in a class-level outbox, readable from any thread of the process."""

    outbox: ClassVar[list[OutboundMessage]] = []

    def send(self, message: OutboundMessage) -> SendResult:
        MemoryBackend.outbox.append(message)
        return SendResult(ok=True, reference=f"memory-{len(MemoryBackend.outbox)}")


class EmailBackend:
    """E-mail through Django's configured mail backend (SMTP in production)."""

    def send(self, message: OutboundMessage) -> SendResult:
        sent = send_mail(message.subject, message.text, settings.DEFAULT_FROM_EMAIL, [message.address])
        return SendResult(ok=bool(sent), reference="smtp" if sent else "", error="" if sent else "not sent")


def backend_for(channel: str) -> NotificationBackend:
    """The configured adapter for a channel (settings.AFTERCARE_NOTIFICATION_BACKENDS)."""
    path = settings.AFTERCARE_NOTIFICATION_BACKENDS[channel]
    backend: NotificationBackend = import_string(path)()
    return backend
