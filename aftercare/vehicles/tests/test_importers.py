"""`wmi_import` against the shared WMI files, and the manufacturer decoded for real VINs afterwards."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from aftercare.kernel import vin as vinlib
from aftercare.kernel.errors import DomainError
from aftercare.vehicles.importers import BUNDLED_WMI, wmi_import
from aftercare.vehicles.models import Wmi
from aftercare.vehicles.selectors import wmi_lookup
from aftercare.vehicles.vincheck import vin_check

pytestmark = pytest.mark.django_db

WMI_CODE = re.compile(r"^[A-HJ-NPR-Z0-9]{3}([A-HJ-NPR-Z0-9]{3})?$")


@pytest.fixture(autouse=True)
def _empty_wmi_table(db):  # type: ignore[no-untyped-def]
    """These tests count what an import adds, so they start without the table the migrations bundle."""
    Wmi.objects.all().delete()


def data_file(name: str) -> Path:
    path = Path(settings.AFTERCARE_DATA_DIR) / "vin" / name
    if not path.exists():
        pytest.skip(f"shared data not available: {path} (set AFTERCARE_DATA_DIR)")
    return path


def expected(rows: list[tuple[str, str]]) -> dict[str, object]:
    """What an import of (code, name) rows must do: first valid row per code wins, the rest are rejected."""
    first: dict[str, str] = {}
    rejected = 0
    for code, name in rows:
        code, name = code.strip().upper(), name.strip().strip('"')
        if not WMI_CODE.match(code) or not name or code in first:
            rejected += 1
        else:
            first[code] = name
    return {"read": len(rows), "first": first, "rejected": rejected}


def headed(path: Path, code_col: str, name_col: str) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8-sig") as fh:
        return [(r[code_col], r[name_col]) for r in csv.DictReader(fh)]


def headerless(path: Path, skip_header: bool = False) -> list[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()[1 if skip_header else 0 :]
    return [tuple([*line.split(",", 1), ""][:2]) for line in lines if line.strip()]  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "reader", "counts"),
    [
        ("wmi_wal33d.csv", lambda p: headed(p, "wmi", "make"), (2015, 2015, 0)),
        ("nhtsa_vpic_wmi_samples.csv", lambda p: headed(p, "wmi", "manufacturer_name"), (343, 343, 0)),
        # Headerless, model names mixed in, 454 repeated codes and two rows with the letter O (LCO).
        ("wal33d_raw_wmi.csv", headerless, (568, 112, 456)),
    ],
)
def test_import_counts_created_and_rejected_rows(name: str, reader, counts: tuple[int, int, int]) -> None:
    path = data_file(name)
    want = expected(reader(path))
    report = wmi_import(path=path)
    assert (report.read, report.created, len(report.rejected)) == counts
    assert (report.read, report.created, len(report.rejected)) == (want["read"], len(want["first"]), want["rejected"])
    assert report.updated == 0
    stored = dict(Wmi.objects.values_list("code", "manufacturer"))
    assert stored == {code: n[:200] for code, n in want["first"].items()}  # type: ignore[attr-defined]
    assert set(Wmi.objects.values_list("source", flat=True)) == {name}


def test_headed_csv_keeps_quoted_commas_and_country() -> None:
    wmi_import(path=data_file("nhtsa_vpic_wmi_samples.csv"))
    row = Wmi.objects.get(code="19U")
    assert row.manufacturer == "HONDA DEVELOPMENT & MANUFACTURING OF AMERICA, LLC"
    assert row.country == "UNITED STATES (USA)"
    assert Wmi.objects.filter(code="1A9230").exists()  # six-character small-maker code


def test_headerless_file_first_row_per_code_wins_and_bad_codes_are_named() -> None:
    report = wmi_import(path=data_file("wal33d_raw_wmi.csv"))
    assert Wmi.objects.get(code="LGJ").manufacturer == "东风"
    assert Wmi.objects.get(code="LFV").manufacturer == "大众高尔夫"  # first of many LFV rows
    reasons = [why for _, why in report.rejected]
    assert reasons.count("bad WMI 'LCO'") == 2
    assert sum(why.startswith("duplicate ") for why in reasons) == 454
    assert not Wmi.objects.filter(code="LCO").exists()


def test_headed_file_with_unquoted_commas_in_names_imports() -> None:
    # wal33d_raw_wmi_from_github.csv has a header but unquoted commas ("137,AM General, Hummer").
    path = data_file("wal33d_raw_wmi_from_github.csv")
    want = expected(headerless(path, skip_header=True))
    report = wmi_import(path=path)
    assert (report.read, report.created, len(report.rejected)) == (741, 733, 8)
    assert report.created == len(want["first"])  # type: ignore[arg-type]
    assert Wmi.objects.get(code="137").manufacturer == "AM General, Hummer"


def test_reimport_is_idempotent_and_a_new_source_updates() -> None:
    wmi_import(path=data_file("wmi_wal33d.csv"))
    again = wmi_import(path=data_file("wmi_wal33d.csv"))
    assert (again.created, again.updated) == (0, 0)
    assert Wmi.objects.get(code="LBV").manufacturer == "BMW"
    after = wmi_import(path=BUNDLED_WMI)
    assert after.updated > 0
    assert Wmi.objects.get(code="LBV").manufacturer == "BMW Brilliance 华晨宝马"
    assert Wmi.objects.get(code="1B3").manufacturer == "Dodge"  # rows not in the new file are kept


def test_a_file_with_no_usable_rows_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("wmi,make\nIOQ,Nobody\nAB,Too short\nLSV,\n", encoding="utf-8")
    with pytest.raises(DomainError) as exc:
        wmi_import(path=bad)
    assert exc.value.code == "wmi_file_empty"
    assert Wmi.objects.count() == 0


def test_a_missing_or_binary_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(DomainError) as exc:
        wmi_import(path=tmp_path / "nope.csv")
    assert exc.value.code == "wmi_file_unreadable"
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(DomainError) as exc:
        wmi_import(path=binary)
    assert exc.value.code == "wmi_file_unreadable"


def test_import_command_resolves_paths_under_the_data_dir() -> None:
    data_file("wmi_wal33d.csv")
    out = io.StringIO()
    call_command("import", "wmi", "vin/wmi_wal33d.csv", stdout=out)
    assert "read 2015 rows, created 2015, updated 0, rejected 0" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("import", "wmi", "vin/does-not-exist.csv", stdout=io.StringIO())


def test_import_command_lists_rejected_lines() -> None:
    data_file("wal33d_raw_wmi.csv")
    out = io.StringIO()
    call_command("import", "wmi", "vin/wal33d_raw_wmi.csv", stdout=out)
    text = out.getvalue()
    assert "rejected 456" in text
    assert "… and 436 more" in text


# -- manufacturer of real VINs after an import ---------------------------------------------------


def real_vins() -> list[dict[str, str]]:
    path = data_file("vin_examples_davidpeckham_vin.csv")
    with path.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["source_group"] == "test_decode"]


def test_decoded_manufacturer_of_real_vins_matches_the_fixture_where_the_table_agrees() -> None:
    wmi_import(path=data_file("wmi_wal33d.csv"))
    table = dict(Wmi.objects.values_list("code", "manufacturer"))
    agreeing, disagreeing = 0, set()
    for row in real_vins():
        decoded = vinlib.decode(row["vin"], current_year=2026)
        entry = table.get(decoded.wmi or "") or table.get((decoded.wmi or "")[:3])
        result = vin_check(row["vin"])
        assert result["valid"], row["vin"]
        assert result["manufacturer"] == entry, row["vin"]  # the lookup returns the imported row
        if entry is not None and entry.lower() == row["make"].lower():
            assert result["manufacturer"].lower() == row["make"].lower()
            agreeing += 1
        elif entry is not None:
            disagreeing.add((decoded.wmi, entry, row["make"]))
    assert agreeing >= 80  # of 98 real VINs; the rest are unknown WMIs or brand-vs-maker names
    # The table names the parent maker where the fixture names the brand (REFERENCE.md: WMI lists disagree).
    assert disagreeing <= {
        ("1C4", "Chrysler", "Jeep"),
        ("1B4", "Chrysler", "Dodge"),
        ("5XY", "Kia", "Hyundai"),
        ("5N1", "Nissan", "Infiniti"),
    }


def test_chinese_reference_vins_decode_to_the_imported_maker() -> None:
    wmi_import(path=BUNDLED_WMI)
    assert vin_check("LSJA24U62JG269225")["manufacturer"] == "SAIC MG 上汽"
    assert vin_check("LBV5S3102ESJ25655")["manufacturer"] == "BMW Brilliance 华晨宝马"
    assert vin_check("LDC613P23A1305189")["manufacturer"] == "Dongfeng Peugeot-Citroën 神龙"
    assert vin_check("LFWADRJF011002346")["manufacturer"] is None  # LFW is not in the bundled table


def test_wmi_lookup_prefers_the_six_character_code() -> None:
    Wmi.objects.update_or_create(code="LA9", defaults={"manufacturer": "Some big maker", "source": "t"})
    Wmi.objects.update_or_create(code="LA9B12", defaults={"manufacturer": "Small maker", "source": "t"})
    assert wmi_lookup(wmi="LA9B12").manufacturer == "Small maker"  # type: ignore[union-attr]
    assert wmi_lookup(wmi="LA9C34").manufacturer == "Some big maker"  # type: ignore[union-attr]
    assert wmi_lookup(wmi="ZZZ") is None
