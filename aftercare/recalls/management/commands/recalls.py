"""`aftercare recalls match --vin VIN | --campaign NUMBER | --all`: match campaigns to cars.

`--vin` matches that car now and prints a JSON list of its open campaigns (exit 1 for an unknown
VIN, 2 for an invalid one); `--campaign` and `--all` print a one-line JSON summary.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone, translation

from aftercare.kernel import vin as vinlib
from aftercare.recalls import matching
from aftercare.recalls.models import RecallCampaign
from aftercare.recalls.selectors import vehicle_open_recalls
from aftercare.vehicles.selectors import vehicle_by_vin


def recall_json(recall: Any) -> dict[str, Any]:
    """One open campaign on a car, as printed and as the API's plain form."""
    campaign = recall.campaign
    return {
        "number": campaign.number,
        "kind": campaign.kind,
        "source": campaign.source,
        "component": campaign.component,
        "summary": campaign.summary,
        "remedy": campaign.remedy,
        "report_date": campaign.report_date.isoformat() if campaign.report_date else None,
        "status": recall.status,
        "matched_at": recall.matched_at.isoformat(),
    }


class Command(BaseCommand):
    help = "Match recall campaigns to cars. `match --vin VIN` prints the car's open campaigns as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        match = sub.add_parser("match", help="match campaigns to one car, one campaign, or the whole fleet")
        target = match.add_mutually_exclusive_group(required=True)
        target.add_argument("--vin", help="one car: print its open campaigns as a JSON list")
        target.add_argument("--campaign", help="one campaign number against the whole fleet")
        target.add_argument("--all", action="store_true", help="every campaign against the whole fleet")
        match.add_argument("--chunk", type=int, default=matching.DEFAULT_CHUNK, help="cars per chunk (--all)")
        match.add_argument("--lang", default="en", choices=["en", "zh-hans"], help="language of the messages")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            if options["vin"] is not None:
                self._vin(options["vin"])
            elif options["campaign"] is not None:
                self._campaign(options["campaign"])
            else:
                self._all(options["chunk"])

    def _fail(self, code: int, message_en: str, message_zh: str) -> None:
        self.stderr.write(f"{message_en} / {message_zh}")
        sys.exit(code)

    def _vin(self, raw: str) -> None:
        decoded = vinlib.decode(raw, current_year=timezone.localdate().year)
        if not decoded.vin or decoded.errors or len(decoded.vin) != vinlib.VIN_LENGTH:
            self._fail(2, f"Not a valid VIN: {raw!r}", f"不是有效的车架号：{raw!r}")
        vehicle = vehicle_by_vin(vin=decoded.vin)
        if vehicle is None:
            self._fail(1, f"No car with VIN {decoded.vin} is registered", f"没有登记车架号为 {decoded.vin} 的车辆")
            return
        matching.vehicle_match(vehicle_id=vehicle.pk)
        recalls = [recall_json(r) for r in vehicle_open_recalls(vehicle_id=vehicle.pk)]
        self.stdout.write(json.dumps(recalls, ensure_ascii=False, indent=2))

    def _campaign(self, number: str) -> None:
        campaign = RecallCampaign.objects.filter(number=number.strip().upper()).first()
        if campaign is None:
            self._fail(1, f"No campaign numbered {number!r}", f"没有编号为 {number!r} 的召回活动")
            return
        report = matching.campaign_match(campaign_id=campaign.pk)
        summary = {
            "campaign": campaign.number,
            "matched": report.matched,
            "removed": report.removed,
            "owners_notified": report.notified_owners,
        }
        self.stdout.write(json.dumps(summary))

    def _all(self, chunk: int) -> None:
        started = time.perf_counter()

        def progress(report: matching.MatchReport) -> None:
            self.stderr.write(f"  {report.vehicles} cars, {report.matched} new matches")

        rekeyed = matching.coverage_rekey()  # make aliases may have changed since the coverage was written
        report = matching.fleet_match(chunk_size=max(chunk, 100), progress=progress)
        summary = {
            "vehicles": report.vehicles,
            "keys_written": report.keys_written,
            "coverage_rekeyed": rekeyed,
            "matched": report.matched,
            "removed": report.removed,
            "owners_notified": report.notified_owners,
            "seconds": round(time.perf_counter() - started, 2),
        }
        self.stdout.write(json.dumps(summary))
