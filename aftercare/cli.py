"""`aftercare <command>`: the operator's entry point over Django's management commands."""

from __future__ import annotations

import os
import sys

ALIASES = {
    "serve": ["serve"],
    "worker": ["db_worker"],
}
USAGE = """usage: aftercare <command> [options]

  migrate                 create or update the database
  demo                    load the demo network (80 stores, staff, owners, cars)
  serve [ADDR:PORT]       run the web server (default 127.0.0.1:8000) and print the demo logins
  import wmi PATH         import a WMI → manufacturer table (CSV)
  import recalls PATH     import NHTSA recall files (FLAT_RCL .txt/.csv, .gz or .zip); matches new campaigns
  recalls match --vin VIN the car's open recall campaigns as JSON (also --campaign NUMBER, --all)
  import dtc PATH         import an OBD-II trouble-code dictionary (CSV or JSON)
  inspections templates | fonts
                          load new template versions; prepare the PDF report font (once per machine)
  vin check VIN           validate and decode a VIN; prints JSON, exits 1 when invalid
  appointments remind     remind owners of tomorrow's bookings (run daily from cron; idempotent)
  valuation train --data CSV --schema uk|tianchi|cardekho [--out MODEL]
                          train the price model; stores its hold-out metrics with it
  valuation evaluate --model MODEL --data CSV --schema ...
                          score a model on priced rows; prints one JSON object
  valuation reprice       recalculate every open one-price offer (schedule nightly)
  worker                  run background jobs from the database queue (production)
  history verify          recompute the vehicle-history log and check every checkpoint; exits 1 on tamper
  history checkpoint [--every SECONDS]
                          sign and publish a checkpoint now (or on an interval, for cron/systemd)
  history key | backfill | forget KIND ID
                          print the verifier key; log events missing from the log; erase a person's salt
  <django command> ...    any other Django management command (check, createsuperuser, shell …)
"""


def main(argv: list[str] | None = None, prog: str = "aftercare") -> int:
    """Dispatch to Django's management commands with the project's settings."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftercare.settings.dev")
    from django.core.management import execute_from_command_line

    command = ALIASES.get(args[0], [args[0]])
    try:
        execute_from_command_line([prog, *command, *args[1:]])
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
