"""The DTC dictionary importer on the real public files, and the bundled template catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from aftercare.inspections import catalog
from aftercare.inspections.importers import dtc_import
from aftercare.inspections.models import InspectionTemplate, TemplateItem, TemplateSection, TroubleCode
from aftercare.kernel.errors import DomainError

pytestmark = pytest.mark.django_db
OBD = Path(settings.AFTERCARE_DATA_DIR) / "obd_codes"
MODELS = (InspectionTemplate, TemplateSection, TemplateItem)


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not present: {path}")
    return path


def test_headerless_csv_imports_every_code() -> None:
    read, stored, rejected = dtc_import(path=_need(OBD / "mytrile_obd_trouble_codes.csv"))
    assert (read, stored, rejected) == (3071, 3071, [])
    assert TroubleCode.objects.get(code="P0100", manufacturer="").description.startswith("Mass or Volume Air Flow")


def test_headed_csv_keeps_manufacturer_specific_meanings_apart() -> None:
    read, stored, _rejected = dtc_import(path=_need(OBD / "wal33d_dtc_definitions.csv"))
    assert read == 18_805
    assert TroubleCode.objects.filter(manufacturer="").count() > 9000
    assert TroubleCode.objects.filter(code="P1000").values("manufacturer").distinct().count() > 1
    assert TroubleCode.objects.count() == stored


def test_json_list_import_reports_unusable_rows() -> None:
    _read, stored, rejected = dtc_import(path=_need(OBD / "fabiovila_obd_codes_en.json"))
    assert stored > 2000
    assert any("P0000/SAE" in why for _line, why in rejected)


def test_import_command_is_registered(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("import", "dtc", str(_need(OBD / "mytrile_obd_trouble_codes.csv")))
    assert "stored 3071 codes" in capsys.readouterr().out


def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "codes.csv"
    bad.write_text("hello,world\n", encoding="utf-8")
    with pytest.raises(DomainError) as exc:
        dtc_import(path=bad)
    assert exc.value.code == "dtc_file_unreadable"


def test_a_changed_template_needs_a_new_version_and_old_versions_stay(tmp_path: Path) -> None:
    source = catalog.TEMPLATE_DIR / "health76-v1.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    data["sections"][0]["items"][0]["name_en"] = "Engine oil (changed)"
    changed = tmp_path / "health76-v1.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(catalog.CatalogError, match="raise 'version'"):
        catalog.load_all(models=MODELS, files=[changed])
    data["version"] = 2
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    [report] = catalog.load_all(models=MODELS, files=[changed])
    assert report.created and report.items == 76
    current = InspectionTemplate.objects.get(code="health76", is_current=True)
    assert current.version == 2
    assert InspectionTemplate.objects.get(code="health76", version=1).items.get(code="DT01").name_en != (
        "Engine oil (changed)"
    )


def test_reloading_the_bundled_files_changes_nothing() -> None:
    reports = catalog.load_all(models=MODELS)
    assert reports and not any(r.created for r in reports)


def test_wrong_item_counts_are_refused(tmp_path: Path) -> None:
    data = json.loads((catalog.TEMPLATE_DIR / "health76-v1.json").read_text(encoding="utf-8"))
    data["sections"][0]["items"].pop()
    path = tmp_path / "short.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(catalog.CatalogError, match="differ from expected"):
        catalog.read(path)
