"""`aftercare recalls match`: JSON for one car, summaries for a campaign and the fleet, clear failures."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from aftercare.recalls.models import VehicleRecall
from aftercare.recalls.tests.conftest import byd_car
from aftercare.recalls.tests.factories import CampaignFactory, CoverageFactory
from aftercare.vehicles.tests.factories import make_vin

pytestmark = pytest.mark.django_db


def _run(*args):  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("recalls", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_match_vin_prints_the_open_campaigns_as_json(store):
    car = byd_car(store, model="汉EV", year=2021)
    campaign = CampaignFactory(number="S2025-0042", component="电机控制器", remedy="升级软件")
    CoverageFactory(campaign=campaign, make="BYD", model="汉EV", year_from=2020, year_to=2022)
    other = CampaignFactory(number="S2025-0043")
    CoverageFactory(campaign=other, make="BYD", model="唐DM", year_from=2020, year_to=2022)
    code, out, _ = _run("match", "--vin", car.vin.lower())
    assert code == 0
    data = json.loads(out)
    assert [c["number"] for c in data] == ["S2025-0042"]
    assert data[0] | {"matched_at": None} == {
        "number": "S2025-0042", "kind": "safety_recall", "source": "samr", "component": "电机控制器",
        "summary": campaign.summary, "remedy": "升级软件", "report_date": "2025-03-01", "status": "open",
        "matched_at": None,
    }  # fmt: skip


def test_match_vin_prints_an_empty_list_for_a_car_without_recalls(store):
    car = byd_car(store)
    code, out, _ = _run("match", "--vin", car.vin)
    assert (code, json.loads(out)) == (0, [])


def test_completed_recalls_are_not_listed(store):
    car = byd_car(store, model="汉EV", year=2021)
    campaign = CampaignFactory()
    CoverageFactory(campaign=campaign, make="BYD", model="汉EV", year_from=2020, year_to=2022)
    _run("match", "--vin", car.vin)
    VehicleRecall.objects.update(status="completed", completed_at="2025-01-01T00:00:00Z", method="manual")
    assert json.loads(_run("match", "--vin", car.vin)[1]) == []


def test_unknown_and_invalid_vins_fail_clearly(db):
    unknown = make_vin(424_242, wmi="LGX")
    code, out, err = _run("match", "--vin", unknown)
    assert (code, out) == (1, "") and f"No car with VIN {unknown}" in err and "没有登记" in err
    code, out, err = _run("match", "--vin", "NOT-A-VIN")
    assert (code, out) == (2, "") and "Not a valid VIN" in err


def test_match_all_and_campaign_print_summaries(store):
    byd_car(store, model="汉EV", year=2021)
    campaign = CampaignFactory(number="S2025-0050")
    CoverageFactory(campaign=campaign, make="比亚迪", model="汉EV", year_from=2020, year_to=2022)
    code, out, _ = _run("match", "--campaign", "s2025-0050")
    assert code == 0 and json.loads(out)["matched"] == 1
    code, out, _ = _run("match", "--all", "--chunk", "100")
    summary = json.loads(out)
    assert (code, summary["vehicles"], summary["matched"]) == (0, 1, 0)
    assert _run("match", "--campaign", "NOPE")[0] == 1
