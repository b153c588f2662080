"""`aftercare import recalls PATH`: the NHTSA files, counted independently, re-imported, and broken."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from aftercare.kernel.errors import DomainError
from aftercare.recalls.importers import recalls_import
from aftercare.recalls.models import RecallCampaign, RecallCoverage, VehicleRecall
from aftercare.recalls.tests.conftest import byd_car
from aftercare.vehicles.tests.factories import VehicleFactory, make_vin

pytestmark = pytest.mark.django_db
DATA = Path(settings.AFTERCARE_DATA_DIR) / "recalls"
SAMPLE = DATA / "nhtsa_flat_rcl_sample_100.tsv"
SUBSET = DATA / "nhtsa_flat_rcl_subset_20makes.csv.gz"
INDEX_ZIP = DATA / "nhtsa_RCL_FROM_2025_2026.zip"
needs_data = pytest.mark.skipif(not SAMPLE.exists(), reason="shared NHTSA data not available")


def _vehicle_campaigns(rows, number_at, type_of):  # type: ignore[no-untyped-def]
    numbers = Counter(type_of(r) for r in rows)
    campaigns = {number_at(r) for r in rows if type_of(r) == "V"}
    return numbers, campaigns


@needs_data
def test_flat_sample_counts_match_the_file():
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    types, campaigns = _vehicle_campaigns(rows, lambda r: r[1], lambda r: r[10])
    coverage_keys = {(r[1], r[2], r[3], r[8], r[9]) for r in rows if r[10] == "V"}
    report = recalls_import(path=SAMPLE)
    assert report.rows_read == len(rows) == 100
    assert report.skipped_not_vehicle == sum(n for t, n in types.items() if t != "V")
    assert report.campaigns_created == RecallCampaign.objects.count() == len(campaigns)
    assert not report.rejected
    # Years collapse into ranges, so there are at most as many coverage rows as (make, model, build) groups × years.
    assert len(coverage_keys) <= RecallCoverage.objects.count() <= sum(1 for r in rows if r[10] == "V")
    ford = RecallCampaign.objects.get(number="02V288000")
    assert ford.component == "ELECTRICAL SYSTEM:BATTERY:CABLES"
    assert ford.report_date.isoformat() == "2002-11-06" and ford.potentially_affected == 291854
    assert ford.kind == "safety_recall" and ford.source == "nhtsa"
    focus = ford.coverages.get(model="FOCUS")
    assert (focus.year_from, focus.year_to, focus.make_key) == (2000, 2001, "FORD")
    assert focus.built_from.isoformat() == "1999-07-19"


@needs_data
def test_reimporting_updates_in_place_without_duplicates():
    recalls_import(path=SAMPLE)
    before = (RecallCampaign.objects.count(), RecallCoverage.objects.count())
    RecallCampaign.objects.filter(number="02V288000").update(remedy="stale")
    again = recalls_import(path=SAMPLE)
    assert (RecallCampaign.objects.count(), RecallCoverage.objects.count()) == before
    assert again.campaigns_created == 0 and again.campaigns_updated == 1 and again.coverage_added == 0
    assert RecallCampaign.objects.get(number="02V288000").remedy.startswith("DEALERS WILL INSPECT")


@needs_data
def test_headed_subset_counts_match_the_file():
    with gzip.open(SUBSET, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    types, campaigns = _vehicle_campaigns(rows, lambda r: r["CAMPNO"], lambda r: r["RCLTYPECD"])
    report = recalls_import(path=SUBSET, batch=500)
    assert report.rows_read == len(rows) == 31_782
    assert report.skipped_not_vehicle == len(rows) - types["V"]
    assert RecallCampaign.objects.count() == len(campaigns)
    shifted = sum(1 for r in rows if r["ROW_MISALIGNED"] == "1" and r["RCLTYPECD"] == "V")
    assert sum(1 for w in report.warnings if "shifted" in w[2]) == shifted
    assert not report.rejected


@needs_data
def test_document_index_zip_groups_documents_into_campaigns():
    with zipfile.ZipFile(INDEX_ZIP) as archive, archive.open(archive.namelist()[0]) as raw:
        rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))
    vehicle_ids = {r["NHTSA ID"] for r in rows if r["NHTSA ID"][2] == "V"}
    report = recalls_import(path=INDEX_ZIP)
    assert report.rows_read == len(rows)
    assert report.skipped_not_vehicle == sum(1 for r in rows if r["NHTSA ID"][2] != "V")
    assert RecallCampaign.objects.count() == len(vehicle_ids)
    assert RecallCampaign.objects.filter(number__regex=r"^\d\dV\d{3}000$").count() == len(vehicle_ids)
    assert not RecallCampaign.objects.filter(summary="").exists()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _flat(number: str, make: str, model: str, year: str, begin: str = "20200101", rtype: str = "V") -> str:
    fields = ["1", number, make, model, year, "M1", "AIR BAGS", "MFR", begin, "20201231", rtype, "10", "", "MFR",
              "Mfr", "20210105", "20210105", "", "", "DEFECT", "CRASH", "REPLACE", "NOTES", "X"]  # fmt: skip
    return "\t".join(fields)


def test_bad_rows_are_reported_with_line_numbers_and_the_rest_imported(tmp_path):
    lines = [
        _flat("21V100000", "BYD", "HAN", "2021"),
        _flat("21V100000", "BYD", "HAN", "20X1"),  # line 2: bad year
        "too\tfew\tfields",  # line 3
        _flat("NOTANUMBER", "BYD", "HAN", "2021"),  # line 4
        _flat("21V100000", "", "HAN", "2021"),  # line 5: no make
        _flat("21V200000", "BYD", "TANG", "2022", begin="20201399"),  # line 6: bad date kept, warned
        _flat("21E300000", "ACME", "SEAT", "9999", rtype="E"),  # equipment: skipped, not rejected
    ]
    report = recalls_import(path=_write(tmp_path, "rcl.txt", "\r\n".join(lines) + "\r\n"))
    assert [line for _name, line, _why in report.rejected] == [2, 3, 4, 5]
    assert "4-digit year" in report.rejected[0][2]
    assert report.warnings[0][1] == 6 and "BGMAN" in report.warnings[0][2]
    assert report.skipped_not_vehicle == 1
    assert set(RecallCampaign.objects.values_list("number", flat=True)) == {"21V100000", "21V200000"}
    lines_out = report.lines()
    assert any("line 3" in line for line in lines_out)


def test_line_numbers_count_embedded_newlines(tmp_path):
    text = (
        '"NHTSA ID","DOCUMENT NAME","MAKE","MODEL","MODEL YEAR","SUMMARY"\r\n'
        '"22V001","RCMN-22V001-1.pdf","BYD","HAN","2022","first line\r\nsecond line"\r\n'
        '"22V001","RCONL-22V001-2.pdf","BYD","HAN","2023","owner letter"\r\n'
        '"22V002","RCMN-22V002-1.pdf","BYD","TANG","year?","x"\r\n'
    )
    report = recalls_import(path=_write(tmp_path, "index.csv", text))
    assert [(line, "4-digit" in why) for _n, line, why in report.rejected] == [(5, True)]
    campaign = RecallCampaign.objects.get(number="22V001000")
    assert campaign.summary == "first line\nsecond line", "the manufacturer notice (RCMN) describes the campaign"
    cov = campaign.coverages.get()
    assert (cov.year_from, cov.year_to) == (2022, 2023)


def test_a_campaign_split_across_the_file_keeps_all_its_coverage(tmp_path):
    lines = [_flat("21V100000", "BYD", "HAN", "2021"), _flat("21V200000", "BYD", "TANG", "2021"),
             _flat("21V100000", "BYD", "QIN", "2021")]  # fmt: skip
    path = _write(tmp_path, "rcl.txt", "\n".join(lines))
    recalls_import(path=path, batch=1)
    recalls_import(path=path, batch=1)
    models = set(RecallCoverage.objects.filter(campaign__number="21V100000").values_list("model", flat=True))
    assert models == {"HAN", "QIN"}


def test_a_file_that_drops_a_model_removes_that_coverage_and_its_open_matches(tmp_path, store):
    han = byd_car(store, model="HAN", year=2021)
    recalls_import(path=_write(tmp_path, "a.txt", _flat("21V100000", "BYD", "HAN", "2021")))
    assert VehicleRecall.objects.filter(vehicle=han).exists(), "import matches the new campaign"
    report = recalls_import(path=_write(tmp_path, "b.txt", _flat("21V100000", "BYD", "QIN", "2021")))
    assert report.coverage_removed == 1 and report.coverage_added == 1
    assert not VehicleRecall.objects.filter(vehicle=han).exists()


def test_zip_and_gzip_wrappers_are_read(tmp_path):
    body = _flat("21V100000", "BYD", "HAN", "2021") + "\n"
    zipped = tmp_path / "FLAT_RCL.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("FLAT_RCL.txt", body)
    gz = tmp_path / "rcl.txt.gz"
    gz.write_bytes(gzip.compress(body.encode()))
    assert recalls_import(path=zipped).campaigns_created == 1
    assert recalls_import(path=gz).campaigns_unchanged == 1


def test_an_unrecognised_file_is_refused(tmp_path):
    with pytest.raises(DomainError) as caught:
        recalls_import(path=_write(tmp_path, "prices.csv", "make,model,price\nBYD,HAN,100\n"))
    assert caught.value.code == "import_unreadable"
    assert not RecallCampaign.objects.exists()


def test_the_import_command_prints_counts_and_keeps_wmi_working(tmp_path):
    out = io.StringIO()
    path = _write(tmp_path, "rcl.txt", _flat("21V100000", "BYD", "HAN", "2021") + "\n" + "bad\tline\n")
    call_command("import", "recalls", str(path), stdout=out)
    text = out.getvalue()
    assert "campaigns created 1" in text and "rejected 1" in text and "line 2" in text
    with pytest.raises(CommandError):
        call_command("import", "recalls", str(tmp_path / "missing.txt"))
    with pytest.raises(CommandError):
        call_command("import", "recalls")
    wmi = io.StringIO()
    call_command("import", "wmi", str(_write(tmp_path, "wmi.csv", "wmi,manufacturer\nLGX,BYD Auto\n")), stdout=wmi)
    assert "created 1" in wmi.getvalue() or "updated 1" in wmi.getvalue()


def test_import_matches_cars_already_in_the_fleet(tmp_path):
    VehicleFactory(vin=make_vin(1, wmi="LGX"), brand="比亚迪", model="Han", model_year=2021)
    report = recalls_import(path=_write(tmp_path, "rcl.txt", _flat("21V100000", "BYD", "HAN", "2021")))
    assert report.matched == 1
