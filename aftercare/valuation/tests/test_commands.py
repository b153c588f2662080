"""`aftercare valuation train | evaluate | reprice`: JSON out, metrics stored, bad input refused clearly."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from aftercare.valuation.pricing import artifact
from aftercare.valuation.tests.conftest import TIANCHI, UK, needs_data


def _run(*args: str) -> dict:
    out = io.StringIO()
    call_command("valuation", *args, stdout=out)
    return json.loads(out.getvalue())


@needs_data
def test_train_then_evaluate_prints_one_json_object(tmp_path):
    model = tmp_path / "m.zip"
    trained = _run("train", "--data", str(UK), "--schema", "uk", "--out", str(model),
                   "--sample", "3000", "--rounds", "60", "--seed", "2")  # fmt: skip
    assert trained["sha256"] == artifact.sha256_file(model)
    assert trained["metrics"]["unpriceable_reasons"] == {"year_out_of_range": 1}  # the 2060 row
    assert artifact.has_metrics(artifact.read_meta(model))
    sample = tmp_path / "rows.csv"
    sample.write_text("".join(UK.open().readlines()[:501]))
    scored = _run("evaluate", "--model", str(model), "--data", str(sample), "--schema", "uk")
    assert {"n", "mae", "mape", "within_5pct", "within_10pct", "interval_coverage", "unpriceable"} <= set(scored)
    assert scored["n"] + scored["unpriceable"] == 500


@needs_data
def test_bad_command_input_is_refused_with_a_reason(tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        _run("evaluate", "--model", str(tmp_path / "m.zip"), "--data", "nope.csv", "--schema", "uk")
    with pytest.raises(CommandError, match="model_missing"):
        _run("evaluate", "--model", str(tmp_path / "m.zip"), "--data", str(UK), "--schema", "uk")
    with pytest.raises(CommandError, match="columns_missing"):
        _run("train", "--data", str(TIANCHI), "--schema", "uk", "--out", str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists()


@pytest.mark.django_db
def test_reprice_with_no_offers_reports_zero():
    assert _run("reprice") == {"seen": 0, "changed": 0, "unchanged": 0, "failed": {}}
