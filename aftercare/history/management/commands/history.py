"""`aftercare history verify | checkpoint [--every S] | key | backfill | forget KIND ID`: operate the history log."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from aftercare.history import services, store
from aftercare.history.models import HistoryEvent
from aftercare.history.signing import log_origin, log_signer
from aftercare.history.verify import log_verify
from aftercare.kernel.errors import DomainError


class Command(BaseCommand):
    help = "Operate the vehicle-history transparency log: verify it, publish checkpoints, erase a person's salt."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Recompute every leaf, node and root; check every checkpoint. Exit 1 on tamper.")
        cp = sub.add_parser("checkpoint", help="Publish a signed checkpoint of the current tree (if it grew).")
        cp.add_argument("--every", type=int, default=0, metavar="SECONDS", help="Keep publishing on this interval.")
        sub.add_parser("key", help="Print the origin and the public verifier key (note format).")
        sub.add_parser("backfill", help="Append events that are not in the log yet (bulk writers that forgot).")
        forget = sub.add_parser("forget", help="Delete a person's salt (erasure request): their pseudonyms unlink.")
        forget.add_argument("kind", choices=["owner", "user", "staff", "customer"])
        forget.add_argument("subject_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _verify(self, options: dict[str, Any]) -> None:
        started = time.monotonic()
        report = log_verify()
        seconds = time.monotonic() - started
        summary = (
            f"{report.leaves} leaves, {report.nodes} nodes, {report.checkpoints} checkpoints checked in {seconds:.1f} s"
        )
        if report.unlinkable:
            summary += f"; {report.unlinkable} leaves refer to erased people (checked except their pseudonyms)"
        if not report.ok:
            raise CommandError(f"LOG VERIFICATION FAILED at {report.problem}\n({summary})", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"Log verified: {summary}."))

    def _checkpoint(self, options: dict[str, Any]) -> None:
        every = options["every"]
        stop = {"now": False}
        if every:
            signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
        while True:
            self._publish_once()
            if not every or stop["now"]:
                return
            time.sleep(every)

    def _publish_once(self) -> None:
        try:
            checkpoint = services.checkpoint_publish()
        except DomainError as exc:
            raise CommandError(exc.render_message(), returncode=1) from exc
        if checkpoint is None:
            self.stdout.write("The log has not grown since the last checkpoint; nothing published.")
        else:
            self.stdout.write(checkpoint.note)

    def _key(self, options: dict[str, Any]) -> None:
        self.stdout.write(f"origin: {log_origin()}\nverifier key: {log_signer().verifier_key}")

    def _backfill(self, options: dict[str, Any]) -> None:
        missing = list(HistoryEvent.objects.filter(log_leaf__isnull=True).order_by("pk"))
        with transaction.atomic():
            for start in range(0, len(missing), store.BATCH):
                services.log_append_events(missing[start : start + store.BATCH])
        self.stdout.write(f"Appended {len(missing)} events to the log.")

    def _forget(self, options: dict[str, Any]) -> None:
        if services.subject_forget(kind=options["kind"], subject_id=options["subject_id"]):
            self.stdout.write("Salt deleted: the log can no longer link this person.")
        else:
            self.stdout.write("No salt for this person (nothing in the log refers to them, or already erased).")
