"""The demo's makes and models: every model has a plausible specification, and a car's is fixed by its VIN."""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal

from aftercare.demo.cars import ELECTRIC, MAKES, PLUG_IN, SPECS, car_spec, model_year_pick, vin_make
from aftercare.vehicles.choices import VehicleTransmission
from aftercare.vehicles.inputs import SpecificationInput, specification_clean

MODELS = [(make, model) for make in MAKES.values() for model in make.models]


def _cars(n: int) -> list[tuple[str, object]]:
    rng = random.Random(7)
    cars = []
    for i in range(n):
        make, model = MODELS[i % len(MODELS)]
        cars.append((vin_make(rng, make, model, model_year_pick(rng, model), 100_000 + i), model))
    return cars


def test_every_demo_model_has_a_specification() -> None:
    assert {model.name for _, model in MODELS} == set(SPECS)
    for spec in SPECS.values():
        assert set(spec.gearboxes) <= set(VehicleTransmission.values)
        assert all(Decimal("0.8") <= Decimal(litres) <= Decimal("3.0") for litres in spec.litres)


def test_car_specifications_are_valid_consistent_and_fixed_by_the_vin() -> None:
    fuels: Counter[str] = Counter()
    for vin, model in _cars(2_000):
        spec = car_spec(model, vin)
        assert spec == car_spec(model, vin)
        found: dict = {}
        specification_clean(SpecificationInput(spec.fuel_type, spec.transmission, spec.displacement_l), found)
        assert found == {}, (model, spec)
        if model.energy == ELECTRIC:
            assert (spec.fuel_type, spec.displacement_l) == ("electric", None)
        elif model.energy == PLUG_IN:
            assert spec.fuel_type == "plug_in_hybrid" and spec.displacement_l
        else:
            assert spec.fuel_type in {"petrol", "hybrid"} and spec.displacement_l
        fuels[spec.fuel_type] += 1
    assert set(fuels) == {"petrol", "hybrid", "plug_in_hybrid", "electric"}


def test_corollas_are_petrol_or_hybrid_passats_dual_clutch() -> None:
    corolla = next(m for m in MAKES["LFM"].models if m.name == "卡罗拉")
    passat = next(m for m in MAKES["LSV"].models if m.name == "帕萨特")
    corollas = {car_spec(corolla, f"LFM{n:014d}") for n in range(200)}
    assert {(s.fuel_type, s.displacement_l) for s in corollas} == {
        ("petrol", Decimal("1.2")),
        ("petrol", Decimal("1.5")),
        ("hybrid", Decimal("1.8")),
    }
    passats = {car_spec(passat, f"LSV{n:014d}") for n in range(200)}
    assert {s.transmission for s in passats} == {"dual_clutch"}
    assert {s.displacement_l for s in passats} == {Decimal("1.4"), Decimal("2.0")}
