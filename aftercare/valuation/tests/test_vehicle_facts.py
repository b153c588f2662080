"""A vehicle's fuel type, transmission and displacement reach the price model in its own words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftercare.network.tests.factories import StoreFactory
from aftercare.valuation import selectors
from aftercare.valuation.tests.factories import priceable_vehicle
from aftercare.valuation.vehicle_facts import FUEL, TRANSMISSION, spec_facts
from aftercare.vehicles.choices import VehicleFuelType, VehicleTransmission


@pytest.mark.parametrize(
    ("fuel_type", "fuel"),
    [
        ("petrol", "petrol"),
        ("diesel", "diesel"),
        ("hybrid", "hybrid"),
        ("plug_in_hybrid", "hybrid"),
        ("electric", "electric"),
        ("other", "other"),
        ("", None),
        ("steam", None),
    ],
)
def test_fuel_types_map_to_the_model_vocabulary(fuel_type: str, fuel: str | None) -> None:
    assert spec_facts(fuel_type=fuel_type, transmission="", displacement_l=None)["fuel"] == fuel


@pytest.mark.parametrize(
    ("transmission", "expected"),
    [("manual", "manual"), ("automatic", "automatic"), ("dual_clutch", "semi-auto"), ("", None), ("cvt", None)],
)
def test_transmissions_map_to_the_model_vocabulary(transmission: str, expected: str | None) -> None:
    assert spec_facts(fuel_type="", transmission=transmission, displacement_l=None)["transmission"] == expected


@pytest.mark.parametrize(
    ("litres", "engine_l"),
    [(Decimal("1.4"), 1.4), (Decimal("2.0"), 2.0), (1.8, 1.8), (Decimal("0.0"), None), (None, None)],
)
def test_displacement_is_float_litres_and_none_when_blank_or_zero(litres, engine_l) -> None:
    got = spec_facts(fuel_type="", transmission="", displacement_l=litres)["engine_l"]
    assert got == engine_l and (got is None or isinstance(got, float))


def test_every_recorded_choice_has_a_model_word() -> None:
    assert set(FUEL) == set(VehicleFuelType.values)
    assert set(TRANSMISSION) == set(VehicleTransmission.values)


@pytest.mark.django_db
def test_valuation_facts_of_a_car_with_a_specification_include_it(served) -> None:
    group = StoreFactory().dealer_group
    car = priceable_vehicle(
        dealer_group=group, fuel_type="plug_in_hybrid", transmission="dual_clutch", displacement_l=Decimal("1.4")
    )
    facts = selectors.vehicle_facts(car)
    assert (facts.fuel, facts.transmission, facts.engine_l) == ("hybrid", "semi-auto", 1.4)


@pytest.mark.django_db
def test_valuation_facts_of_a_car_without_a_specification_leave_it_blank(served) -> None:
    car = priceable_vehicle(dealer_group=StoreFactory().dealer_group)
    facts = selectors.vehicle_facts(car)
    assert (facts.fuel, facts.transmission, facts.engine_l) == (None, None, None)
