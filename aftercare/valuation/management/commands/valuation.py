"""`aftercare valuation train | evaluate | reprice | compare`: the price model's operator commands.

train     --data CSV --schema uk|tianchi|cardekho --out MODEL [--seed N] [--rounds N] [--seeds N] [--sample N]
evaluate  --model MODEL --data CSV --schema ...      prints one JSON object
reprice                                              the nightly recalculation of open offers (schedule it)
compare   --data CSV [--out FILE]                    the learner comparison behind ADR 0010
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from aftercare.kernel.errors import DomainError
from aftercare.valuation import conf
from aftercare.valuation.pricing import artifact, frames, pipeline, train


def _resolve(raw: str) -> Path:
    path = Path(raw)
    if not path.exists() and not path.is_absolute():
        candidate = Path(settings.AFTERCARE_DATA_DIR) / raw
        if candidate.exists():
            return candidate
    if not path.exists():
        raise CommandError(f"File not found: {raw} / 找不到文件：{raw}")
    return path


class Command(BaseCommand):
    help = "Train, evaluate and serve the price model; recalculate one-price offers nightly."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        tr = sub.add_parser("train", help="train a model on a CSV and store it with its measured metrics")
        tr.add_argument("--data", required=True)
        tr.add_argument("--schema", required=True, choices=sorted(frames.SCHEMAS))
        tr.add_argument("--out", default=None, help="model file (default: the serving path)")
        tr.add_argument("--seed", type=int, default=0)
        tr.add_argument("--rounds", type=int, default=train.ROUNDS)
        tr.add_argument("--seeds", type=int, default=train.SEEDS, help="boosters averaged")
        tr.add_argument("--sample", type=int, default=None, help="train on a fixed-seed sample of N rows")
        ev = sub.add_parser("evaluate", help="score a model on a CSV with prices; prints one JSON object")
        ev.add_argument("--model", default=None)
        ev.add_argument("--data", required=True)
        ev.add_argument("--schema", required=True, choices=sorted(frames.SCHEMAS))
        sub.add_parser("reprice", help="recalculate every open offer (run nightly)")
        cmp = sub.add_parser("compare", help="compare learners on a UK file (ADR 0010)")
        cmp.add_argument("--data", required=True)
        cmp.add_argument("--seed", type=int, default=0)
        cmp.add_argument("--out", default=None, help="also write the JSON result here")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except (frames.SchemaError, artifact.ArtifactError) as exc:
            raise CommandError(f"{exc.code}: {exc.detail}") from exc
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.render_message()}") from exc

    def _train(self, options: dict[str, Any]) -> None:
        out = Path(options["out"]) if options["out"] else conf.model_path()
        recipe = train.Recipe(rounds=options["rounds"], seeds=options["seeds"])
        sha, measured = pipeline.train_file(
            data=_resolve(options["data"]),
            schema=options["schema"],
            out=out,
            today=timezone.localdate(),
            seed=options["seed"],
            recipe=recipe,
            sample=options["sample"],
        )
        self.stdout.write(json.dumps({"model": str(out), "sha256": sha, "metrics": measured}, ensure_ascii=False))

    def _evaluate(self, options: dict[str, Any]) -> None:
        model = Path(options["model"]) if options["model"] else conf.model_path()
        result = pipeline.evaluate_file(model_path=model, data=_resolve(options["data"]), schema=options["schema"])
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _reprice(self, options: dict[str, Any]) -> None:
        from aftercare.valuation.services import offers_reprice

        report = offers_reprice()
        self.stdout.write(json.dumps(vars(report)))

    def _compare(self, options: dict[str, Any]) -> None:
        from aftercare.valuation.pricing.compare import compare_learners

        result = compare_learners(_resolve(options["data"]), seed=options["seed"], log=self.stderr.write)
        text = json.dumps(result, ensure_ascii=False, indent=1)
        if options["out"]:
            Path(options["out"]).write_text(text)
        self.stdout.write(text)
