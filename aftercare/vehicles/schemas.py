"""API shapes for vehicles. Personal data leaves masked; full values only through the reveal endpoint."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema
from pydantic import StrictInt

from aftercare.kernel import masking
from aftercare.vehicles.models import Vehicle, VehicleLicence
from aftercare.vehicles.selectors import current_ownership, latest_licence


class LicenceIn(Schema):
    registered_owner_name: str = Field(max_length=100)
    vehicle_type: str = Field(max_length=32)
    use_type: str = Field(max_length=16, description="private | operating | ride_hailing | converted")
    registration_date: dt.date | None = None
    issue_date: dt.date | None = None
    brand_model: str = Field("", max_length=100)
    engine_number: str = Field("", max_length=32)


FUEL_TYPES = "petrol | diesel | hybrid | plug_in_hybrid | electric | other; empty or null: unknown"
TRANSMISSIONS = "manual | automatic (AT, CVT) | dual_clutch; empty or null: unknown"
DISPLACEMENT = "Engine displacement (排量) in litres, 0.0-9.9 with one decimal; null for electric cars or unknown"


class SpecificationIn(Schema):
    """A car's technical specification; as a whole body (PUT) every field left out is cleared."""

    fuel_type: str | None = Field(None, max_length=20, description=FUEL_TYPES)
    transmission: str | None = Field(None, max_length=20, description=TRANSMISSIONS)
    displacement_l: Decimal | None = Field(None, description=DISPLACEMENT)


class OwnerContactIn(Schema):
    phone: str = Field(max_length=32)
    name: str = Field(max_length=50)


class VehicleIn(SpecificationIn):
    vin: str = Field(max_length=40)
    plate: str = Field("", max_length=16)
    licence: LicenceIn | None = None
    owner: OwnerContactIn | None = Field(None, description="Required for staff; owners register their own cars.")
    owned_since: dt.date | None = None
    odometer_km: StrictInt | None = None


class TransferIn(Schema):
    new_owner: OwnerContactIn
    transferred_on: dt.date
    odometer_km: StrictInt | None = None


class OdometerIn(Schema):
    km: StrictInt | None = None
    read_at: dt.datetime | None = None
    source: str | None = Field(None, max_length=16)
    note: str = Field("", max_length=400)


class LicenceOut(Schema):
    registered_owner_name_masked: str
    plate: str
    vehicle_type: str
    use_type: str
    brand_model: str
    registration_date: dt.date
    issue_date: dt.date

    @staticmethod
    def resolve_registered_owner_name_masked(obj: VehicleLicence) -> str:
        return masking.mask_name(obj.registered_owner_name)


class OwnerSummary(Schema):
    owner_id: int
    name_masked: str
    phone_masked: str
    since: dt.date


class VehicleOut(Schema):
    id: int
    vin: str
    wmi: str
    manufacturer: str
    model: str
    model_year: int | None
    plate: str
    plate_kind: str
    fuel_type: str
    transmission: str
    displacement_l: float | None
    dealer_group_id: int | None
    current_owner: OwnerSummary | None
    licence: LicenceOut | None

    @staticmethod
    def resolve_current_owner(obj: Vehicle) -> OwnerSummary | None:
        owning = current_ownership(obj)
        if owning is None:
            return None
        return OwnerSummary(
            owner_id=owning.owner_id,
            name_masked=masking.mask_name(owning.owner.name),
            phone_masked=masking.mask_phone(owning.owner.phone),
            since=owning.started_on,
        )

    @staticmethod
    def resolve_licence(obj: Vehicle) -> VehicleLicence | None:
        return latest_licence(obj)


class OdometerOut(Schema):
    id: int
    km: int
    read_at: dt.datetime
    source: str
    flag: str
    conflicts_with_id: int | None
    note: str


class OwnershipOut(Schema):
    id: int
    owner_id: int
    started_on: dt.date
    ended_on: dt.date | None
    source: str


class HistoryEventOut(Schema):
    id: int
    event_type: str
    occurred_at: dt.datetime
    payload: dict[str, object]


class VinIssueOut(Schema):
    code: str
    message: str


class VinCheckOut(Schema):
    vin: str
    valid: bool
    errors: list[VinIssueOut]
    warnings: list[VinIssueOut]
    wmi: str | None
    manufacturer: str | None
    model_year: int | None
