"""The million-event benchmark's code path, run tiny so it cannot rot (figures: docs/BENCHMARKS.md)."""

from __future__ import annotations

import pytest

from aftercare.history.verify import log_verify

pytestmark = pytest.mark.django_db


def test_benchmark_runs_on_a_small_log() -> None:
    from bench.bench_history_log import run

    lines: list[str] = []
    figures = run(300, 20, 5, out=lines.append)
    assert figures["bulk_appends_per_s"] > 0 and figures["inclusion_path_len_max"] <= 9
    assert any("raw SHA-256" in line for line in lines)
    assert log_verify().ok
