"""Every VIN of the davidpeckham/vin fixture set, read at test time from AFTERCARE_DATA_DIR."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings

from aftercare.kernel import vin as vinlib

FIXTURE = "vin/vin_examples_davidpeckham_vin.csv"
EXCEPTIONS_GROUP = "test_vin_exceptions"  # NHTSA "VIN exceptions": check digits wrong by design
CHECK_DIGIT_OPTIONAL = set("STUVWXYZ")  # Europe: ISO 3779 makes position 9 optional


def _rows() -> dict[str, list[dict[str, str]]]:
    path = Path(settings.AFTERCARE_DATA_DIR) / FIXTURE
    if not path.exists():
        pytest.skip(f"shared data not available: {path} (set AFTERCARE_DATA_DIR)")
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            groups[row["source_group"]].append(row)
    return groups


@pytest.fixture(scope="module")
def fixture_rows() -> dict[str, list[dict[str, str]]]:
    return _rows()


def test_the_fixture_holds_the_expected_groups(fixture_rows: dict[str, list[dict[str, str]]]) -> None:
    assert sum(map(len, fixture_rows.values())) > 9_800
    assert {"test_decode", "test_honda_2024", "test_tesla", EXCEPTIONS_GROUP} <= set(fixture_rows)


def test_every_ordinary_row_validates_and_decodes_its_model_year(
    fixture_rows: dict[str, list[dict[str, str]]],
) -> None:
    failures: list[str] = []
    checked = 0
    for group, rows in fixture_rows.items():
        if group == EXCEPTIONS_GROUP:
            continue
        for row in rows:
            decoded = vinlib.decode(row["vin"], current_year=2026)
            checked += 1
            if not decoded.valid:
                failures.append(f"{group} {row['vin']}: {[i.code for i in decoded.errors]}")
            elif row["model_year"] and decoded.model_year != int(row["model_year"]):
                failures.append(f"{group} {row['vin']}: model year {decoded.model_year} != {row['model_year']}")
            elif decoded.wmi and row["wmi"] and not decoded.wmi.startswith(row["wmi"]):
                failures.append(f"{group} {row['vin']}: WMI {decoded.wmi} != {row['wmi']}")
    assert checked > 9_500
    assert not failures, f"{len(failures)} rows fail, e.g.:\n" + "\n".join(failures[:20])


def test_vin_exceptions_fail_on_the_check_digit_outside_europe(
    fixture_rows: dict[str, list[dict[str, str]]],
) -> None:
    rows = fixture_rows[EXCEPTIONS_GROUP]
    assert len(rows) > 250
    unexpected: list[str] = []
    for row in rows:
        decoded = vinlib.decode(row["vin"], current_year=2026)
        warnings = [w.code for w in decoded.warnings]
        if row["vin"][0] in CHECK_DIGIT_OPTIONAL:
            ok = decoded.valid and "vin_check_digit" in warnings
        else:
            ok = [i.code for i in decoded.errors] == ["vin_check_digit"]
        if not ok:
            unexpected.append(f"{row['vin']}: errors {decoded.errors} warnings {warnings}")
        elif row["model_year"] and decoded.model_year != int(row["model_year"]):
            unexpected.append(f"{row['vin']}: model year {decoded.model_year} != {row['model_year']}")
    assert not unexpected, "\n".join(unexpected[:20])


def test_the_fixtures_own_check_digit_column_agrees(fixture_rows: dict[str, list[dict[str, str]]]) -> None:
    disagreements = [
        row["vin"]
        for rows in fixture_rows.values()
        for row in rows
        if (vinlib.check_digit(row["vin"]) == row["vin"][8]) != (row["check_digit_valid"] == "1")
    ]
    assert disagreements == []
