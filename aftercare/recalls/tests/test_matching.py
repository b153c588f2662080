"""Matching campaigns to cars: whole fleet in chunks, one campaign, one car, and the hooks that trigger it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from aftercare.recalls import matching, rules
from aftercare.recalls.choices import VehicleRecallStatus
from aftercare.recalls.models import VehicleMatchKey, VehicleRecall
from aftercare.recalls.tests.conftest import byd_car
from aftercare.recalls.tests.factories import CampaignFactory, CoverageFactory
from aftercare.vehicles.models import Vehicle
from aftercare.vehicles.tests.factories import VehicleFactory, make_vin

pytestmark = pytest.mark.django_db


def han_recall(**coverage):  # type: ignore[no-untyped-def]
    campaign = CampaignFactory()
    CoverageFactory(
        campaign=campaign, **({"make": "BYD", "model": "汉EV", "year_from": 2020, "year_to": 2021} | coverage)
    )
    return campaign


def open_pairs() -> set[tuple[int, int]]:
    return set(VehicleRecall.objects.filter(status="open").values_list("vehicle_id", "campaign_id"))


def test_fleet_match_finds_cars_by_make_alias_model_and_year(store):
    campaign = han_recall()
    hit = byd_car(store, model="汉 EV", year=2021)  # spelled differently from the notice
    byd_car(store, model="汉EV", year=2019)  # year outside
    byd_car(store, model="秦PLUS DM-i", year=2021)  # other model
    report = matching.fleet_match(chunk_size=2)
    assert open_pairs() == {(hit.pk, campaign.pk)}
    assert report.vehicles == 3 and report.chunks == 2 and report.matched == 1


def test_fleet_match_is_idempotent_and_keeps_completed_recalls(store):
    campaign = han_recall()
    car = byd_car(store, model="汉EV", year=2020)
    matching.fleet_match()
    VehicleRecall.objects.update(status="completed", completed_at="2025-01-01T00:00:00Z", method="manual")
    again = matching.fleet_match()
    assert again.matched == 0 and again.keys_written == 0
    assert VehicleRecall.objects.get().status == "completed"
    assert (car.pk, campaign.pk) not in open_pairs()


def test_a_corrected_campaign_drops_open_matches_that_no_longer_apply(store):
    campaign = han_recall()
    car = byd_car(store, model="汉EV", year=2020)
    matching.campaign_match(campaign_id=campaign.pk)
    assert open_pairs() == {(car.pk, campaign.pk)}
    campaign.coverages.update(year_from=2021)
    report = matching.campaign_match(campaign_id=campaign.pk)
    assert report.removed == 1 and open_pairs() == set()


def test_vin_range_narrows_the_match(store):
    a = byd_car(store, model="汉EV", year=2021)
    b = byd_car(store, model="汉EV", year=2021)
    lo, hi = sorted([a.vin, b.vin])
    campaign = han_recall(vin_from=lo, vin_to=lo)
    matching.campaign_match(campaign_id=campaign.pk)
    first = a if a.vin == lo else b
    assert open_pairs() == {(first.pk, campaign.pk)}
    assert hi != lo


def test_a_new_campaign_is_matched_after_commit(store, operator_actor, django_capture_on_commit_callbacks):
    from aftercare.recalls import services
    from aftercare.recalls.inputs import CampaignInput, CoverageInput

    car = byd_car(store, model="海豚", year=2022)
    covers = [CoverageInput(make="比亚迪", model="海豚", year_from=2021, year_to=2023)]
    data = CampaignInput(
        number="S2025-0077", kind="safety_recall", source="samr", summary="后视镜", remedy="更换", coverages=covers
    )
    with django_capture_on_commit_callbacks(execute=True):
        campaign = services.campaign_create(actor=operator_actor, data=data)
    assert open_pairs() == {(car.pk, campaign.pk)}


def test_a_new_or_changed_car_is_matched_after_commit(store, django_capture_on_commit_callbacks):
    campaign = han_recall()
    with django_capture_on_commit_callbacks(execute=True):
        car = byd_car(store, model="汉EV", year=2021)
    assert open_pairs() == {(car.pk, campaign.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        car.model = "唐DM"
        car.save()
    assert open_pairs() == set(), "the car no longer fits the campaign"
    assert VehicleMatchKey.objects.get(pk=car.pk).model_key == rules.model_key("唐DM")


def test_saving_unrelated_fields_does_not_rematch(store, django_capture_on_commit_callbacks):
    car = byd_car(store, model="汉EV", year=2021)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        car.save(update_fields=["dealer_group"])
    assert callbacks == []


def test_cars_loaded_in_bulk_get_keys_before_a_campaign_is_matched(store):
    campaign = han_recall()
    Vehicle.objects.bulk_create(
        [Vehicle(vin=make_vin(700_000 + n, wmi="LGX"), wmi="LGX", brand="比亚迪", model="汉EV", model_year=2021)
         for n in range(3)]
    )  # fmt: skip
    report = matching.campaign_match(campaign_id=campaign.pk)
    assert report.matched == 3


def test_a_new_make_alias_reaches_existing_coverage_and_cars(store):
    from aftercare.recalls.models import MakeAlias

    campaign = CampaignFactory()
    CoverageFactory(campaign=campaign, make="ZEEKR", model="001", year_from=None, year_to=None)
    car = VehicleFactory(vin=make_vin(900_001, wmi="LGX"), brand="极氪", model="001", model_year=2023)
    matching.fleet_match()
    assert open_pairs() == set(), "极氪 is not a known spelling of ZEEKR yet"
    MakeAlias.objects.create(alias="极氪", make_key="ZEEKR")
    assert matching.coverage_rekey() == 0, "the coverage's own spelling did not change"
    matching.fleet_match()
    assert open_pairs() == {(car.pk, campaign.pk)}


def test_vehicle_match_for_an_unknown_id_does_nothing():
    assert matching.vehicle_match(vehicle_id=999_999).matched == 0


MAKES = ["BYD", "比亚迪", "Geely", "吉利", "Haval"]
MODELS = ["汉EV", "汉 EV", "Coolray", "H6"]


class SqlAgreesWithRules(HypothesisTestCase):
    """The set-based SQL join and rules.covers are one definition: random fleets and coverage agree."""

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        cars=st.lists(st.tuples(st.sampled_from(MAKES), st.sampled_from(MODELS),
                                st.one_of(st.none(), st.integers(2015, 2024))), min_size=1, max_size=8),
        covs=st.lists(st.tuples(st.sampled_from(MAKES), st.sampled_from(MODELS),
                                st.one_of(st.none(), st.integers(2015, 2024)),
                                st.one_of(st.none(), st.integers(0, 4))), min_size=1, max_size=4),
    )  # fmt: skip
    def test_agreement(self, cars, covs):
        vehicles = [
            VehicleFactory(vin=make_vin(800_000 + n, wmi="LGX"), brand=make, model=model, model_year=year)
            for n, (make, model, year) in enumerate(cars)
        ]
        campaign = CampaignFactory()
        coverages = []
        for make, model, lo, span in covs:
            hi = None if lo is None or span is None else lo + span
            row = CoverageFactory(campaign=campaign, make=make, model=model, year_from=lo, year_to=hi)
            coverages.append(rules.Coverage(row.make_key, row.model_key, row.year_from, row.year_to))
        matching.fleet_match(chunk_size=3)
        expected = set()
        for v in vehicles:
            key = rules.car_key(brand=v.brand, manufacturer=v.manufacturer, model=v.model, model_year=v.model_year,
                                vin=v.vin)  # fmt: skip
            if rules.campaign_covers(coverages, key):
                expected.add(v.pk)
        got = set(VehicleRecall.objects.filter(campaign=campaign).values_list("vehicle_id", flat=True))
        assert got == expected


def test_status_choices_are_the_two_states():
    assert set(VehicleRecallStatus.values) == {"open", "completed"}
