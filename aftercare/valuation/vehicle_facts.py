"""A vehicle's recorded specification in the price model's words; pure, so it is tested without a database."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

# vehicles.choices.VehicleFuelType -> the model's fuel vocabulary (plug-in hybrids price as hybrids).
FUEL = {
    "petrol": "petrol",
    "diesel": "diesel",
    "hybrid": "hybrid",
    "plug_in_hybrid": "hybrid",
    "electric": "electric",
    "other": "other",
}
# vehicles.choices.VehicleTransmission -> the model's transmission vocabulary.
TRANSMISSION = {"manual": "manual", "automatic": "automatic", "dual_clutch": "semi-auto"}


class SpecFacts(TypedDict):
    """The CarFacts inputs a vehicle's specification provides; None where it is not recorded."""

    fuel: str | None
    transmission: str | None
    engine_l: float | None


def spec_facts(*, fuel_type: str, transmission: str, displacement_l: Decimal | float | None) -> SpecFacts:
    """Map the stored fuel type, transmission and displacement; blank or unknown values and 0 L become None."""
    return SpecFacts(
        fuel=FUEL.get(fuel_type),
        transmission=TRANSMISSION.get(transmission),
        engine_l=float(displacement_l) if displacement_l else None,
    )
