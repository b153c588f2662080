"""Each source schema (UK, Tianchi, CarDekho) maps into one internal feature frame.

Rows that cannot be priced are counted by reason and reported, never dropped silently. Columns a
schema does not know are listed (they are ignored, not guessed at). Units are made uniform here:
mileage in kilometres, engine size in litres, age in years.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MILE_KM = 1.609344
EARLIEST_YEAR = 1950

# Columns of the internal frame shared by every schema; extras are schema-specific.
COMMON = ("make", "model", "age", "mileage_km", "fuel", "transmission", "engine_l")
CATEGORICAL = frozenset({"make", "model", "fuel", "transmission", "body_type", "region", "damage", "seller_type"})


class SchemaError(ValueError):
    """The file cannot be read as this schema at all (for example a required column is missing)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Schema:
    """A source layout: its columns, currency, market and how it maps into the internal frame."""

    name: str
    currency: str
    market: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    target: str
    extras: tuple[str, ...]
    build: Callable[[pd.DataFrame, int | None, int], tuple[pd.DataFrame, pd.Series]]
    # Numeric columns whose exact values name a version of a model (the UK file's mpg and engine size:
    # 55.4 mpg with a 1.4 L engine is one trim); the full part also sees them as categories (ADR 0010).
    levels: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return COMMON + self.extras

    @property
    def known_columns(self) -> frozenset[str]:
        return frozenset((*self.required, *self.optional, self.target))


@dataclass
class Frame:
    """Priceable rows as features (and prices when the file has them), plus what was left out and why."""

    schema: str
    features: pd.DataFrame
    target: np.ndarray | None
    n_rows: int
    rejected: dict[str, int] = field(default_factory=dict)
    unknown_columns: list[str] = field(default_factory=list)
    reference_year: int | None = None

    @property
    def n_unpriceable(self) -> int:
        return sum(self.rejected.values())


def _num(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce")


def _col(raw: pd.DataFrame, name: str) -> pd.Series:
    """An optional column, or an all-missing one when the file does not have it."""
    if name in raw.columns:
        return raw[name]
    return pd.Series(pd.NA, index=raw.index, dtype="string")


def _text(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip().str.lower()


def _reason(reasons: pd.Series, mask: pd.Series, code: str) -> None:
    """Record the first reason a row fails; later checks do not overwrite it."""
    reasons[mask & reasons.isna()] = code


# ---------------------------------------------------------------------------------------------
# UK: make,model,year,price,transmission,mileage,fuelType,tax,mpg,engineSize (GBP, miles)
# ---------------------------------------------------------------------------------------------


def _build_uk(raw: pd.DataFrame, reference_year: int | None, max_year: int) -> tuple[pd.DataFrame, pd.Series]:
    reasons = pd.Series(pd.NA, index=raw.index, dtype="object")
    year = _num(raw["year"])
    miles = _num(raw["mileage"])
    make, model = _text(raw["make"]), _text(raw["model"])
    _reason(reasons, make.isna() | (make == ""), "make_missing")
    _reason(reasons, model.isna() | (model == ""), "model_missing")
    _reason(reasons, year.isna() | (year % 1 != 0), "year_invalid")
    # Training derives the reference year (listing year) from the data, capped by the calendar year;
    # scoring uses the model's own reference year, so a row dated after it cannot be priced.
    ceiling = reference_year if reference_year is not None else max_year
    _reason(reasons, (year < EARLIEST_YEAR) | (year > ceiling), "year_out_of_range")
    _reason(reasons, miles.isna() | (miles < 0), "mileage_invalid")
    ref = reference_year if reference_year is not None else int(year[reasons.isna()].max())
    engine = _num(_col(raw, "engineSize"))
    frame = pd.DataFrame(
        {
            "make": make,
            "model": model,
            "age": (ref - year).clip(lower=0),
            "mileage_km": miles * MILE_KM,
            "fuel": _text(_col(raw, "fuelType")),
            "transmission": _text(_col(raw, "transmission")),
            # 273 source rows say 0 litres: unknown, not a zero-litre engine.
            "engine_l": engine.where(engine > 0),
            "tax": _num(_col(raw, "tax")),
            "mpg": _num(_col(raw, "mpg")),
        },
        index=raw.index,
    )
    frame.attrs["reference_year"] = ref
    return frame, reasons


# ---------------------------------------------------------------------------------------------
# Tianchi: anonymised Chinese-market trades (CNY); kilometer in 10,000 km; dates YYYYMMDD
# ---------------------------------------------------------------------------------------------

TIANCHI_V = tuple(f"v_{i}" for i in range(15))
TIANCHI_FUEL = {0: "petrol", 1: "diesel", 2: "lpg", 3: "cng", 4: "hybrid", 5: "other", 6: "electric"}
TIANCHI_GEARBOX = {0: "manual", 1: "automatic"}


def _yyyymmdd(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates as fractional years. A month of 00 (99 of 1,500 source rows) is read as mid-year."""
    n = _num(series)
    year, month, day = n // 10000, (n // 100) % 100, n % 100
    bad = n.isna() | (year < EARLIEST_YEAR) | (month > 12) | (day > 31)
    month = month.where(month > 0, 6.5)
    return year + (month - 1) / 12 + (day.clip(lower=1) - 1) / 365, bad


def _build_tianchi(raw: pd.DataFrame, reference_year: int | None, max_year: int) -> tuple[pd.DataFrame, pd.Series]:
    reasons = pd.Series(pd.NA, index=raw.index, dtype="object")
    registered, reg_bad = _yyyymmdd(raw["regDate"])
    listed, listed_bad = _yyyymmdd(raw["creatDate"])
    km = _num(raw["kilometer"]) * 10_000
    brand, model = _num(raw["brand"]), _num(raw["model"])
    _reason(reasons, brand.isna(), "make_missing")
    _reason(reasons, model.isna(), "model_missing")
    _reason(reasons, reg_bad | listed_bad | (listed < registered), "year_invalid")
    _reason(reasons, listed >= max_year + 1, "year_out_of_range")
    _reason(reasons, km.isna() | (km < 0), "mileage_invalid")
    power = _num(_col(raw, "power"))
    damage = _col(raw, "notRepairedDamage").astype("string").str.strip()
    frame = pd.DataFrame(
        {
            "make": "b" + brand.astype("Int64").astype("string"),
            "model": "m" + model.astype("Int64").astype("string"),
            "age": (listed - registered).clip(lower=0),
            "mileage_km": km,
            "fuel": _num(_col(raw, "fuelType")).map(TIANCHI_FUEL).astype("string"),
            "transmission": _num(_col(raw, "gearbox")).map(TIANCHI_GEARBOX).astype("string"),
            "engine_l": pd.Series(np.nan, index=raw.index),
            # Documented range 0–600; 0 and above 600 are data errors, read as unknown.
            "power": power.where((power > 0) & (power <= 600)),
            "body_type": _num(_col(raw, "bodyType")).astype("Int64").astype("string"),
            "region": (_num(_col(raw, "regionCode")) // 100).astype("Int64").astype("string"),
            "damage": damage.replace({"-": "unknown", "0.0": "0", "1.0": "1"}),
            **{v: _num(raw[v]) if v in raw else np.nan for v in TIANCHI_V},
        },
        index=raw.index,
    )
    frame.attrs["reference_year"] = reference_year or int(listed[reasons.isna()].max())
    return frame, reasons


# ---------------------------------------------------------------------------------------------
# CarDekho: Indian listings (INR); vehicle_age in years, km_driven, engine in cc
# ---------------------------------------------------------------------------------------------


def _build_cardekho(raw: pd.DataFrame, reference_year: int | None, max_year: int) -> tuple[pd.DataFrame, pd.Series]:
    reasons = pd.Series(pd.NA, index=raw.index, dtype="object")
    age = _num(raw["vehicle_age"])
    km = _num(raw["km_driven"])
    make, model = _text(raw["brand"]), _text(raw["model"])
    _reason(reasons, make.isna() | (make == ""), "make_missing")
    _reason(reasons, model.isna() | (model == ""), "model_missing")
    _reason(reasons, age.isna() | (age < 0) | (age > 80), "year_invalid")
    _reason(reasons, km.isna() | (km < 0), "mileage_invalid")
    engine = _num(_col(raw, "engine"))
    frame = pd.DataFrame(
        {
            "make": make,
            "model": model,
            "age": age,
            "mileage_km": km,
            "fuel": _text(_col(raw, "fuel_type")),
            "transmission": _text(_col(raw, "transmission_type")),
            "engine_l": (engine / 1000).where(engine > 0),
            "seller_type": _text(_col(raw, "seller_type")),
            "fuel_economy": _num(_col(raw, "mileage")),
            "max_power": _num(_col(raw, "max_power")),
            "seats": _num(_col(raw, "seats")),
        },
        index=raw.index,
    )
    frame.attrs["reference_year"] = reference_year
    return frame, reasons


SCHEMAS: dict[str, Schema] = {
    "uk": Schema(
        name="uk",
        currency="GBP",
        market="GB",
        required=("make", "model", "year", "mileage"),
        optional=("transmission", "fuelType", "tax", "mpg", "engineSize"),
        target="price",
        extras=("tax", "mpg"),
        build=_build_uk,
        levels=("mpg", "engine_l"),
    ),
    "tianchi": Schema(
        name="tianchi",
        currency="CNY",
        market="CN",
        required=("brand", "model", "regDate", "creatDate", "kilometer"),
        optional=(
            "SaleID",
            "name",
            "bodyType",
            "fuelType",
            "gearbox",
            "power",
            "notRepairedDamage",
            "regionCode",
            "seller",
            "offerType",
            *TIANCHI_V,
        ),
        target="price",
        extras=("power", "body_type", "region", "damage", *TIANCHI_V),
        build=_build_tianchi,
    ),
    "cardekho": Schema(
        name="cardekho",
        currency="INR",
        market="IN",
        required=("brand", "model", "vehicle_age", "km_driven"),
        optional=(
            "",
            "Unnamed: 0",
            "car_name",
            "seller_type",
            "fuel_type",
            "transmission_type",
            "mileage",
            "engine",
            "max_power",
            "seats",
        ),
        target="selling_price",
        extras=("seller_type", "fuel_economy", "max_power", "seats"),
        build=_build_cardekho,
    ),
}


def schema_get(name: str) -> Schema:
    """The schema called `name`; SchemaError when there is none."""
    try:
        return SCHEMAS[name]
    except KeyError:
        raise SchemaError("schema_unknown", f"unknown schema {name!r}; known: {', '.join(SCHEMAS)}") from None


def frame_from_table(
    raw: pd.DataFrame,
    schema_name: str,
    *,
    with_target: bool,
    reference_year: int | None = None,
    max_year: int = 2100,
) -> Frame:
    """Map a raw table into the internal frame; invalid rows are counted per reason, unknown columns listed.

    `reference_year` is the model's (when scoring); `max_year` (the calendar year, when training) bounds
    the years a file may contain.
    """
    schema = schema_get(schema_name)
    missing = [c for c in (*schema.required, *([schema.target] if with_target else [])) if c not in raw.columns]
    if missing:
        raise SchemaError("columns_missing", f"the {schema.name} schema needs columns: {', '.join(missing)}")
    unknown = [c for c in raw.columns if c not in schema.known_columns]
    raw = raw.reset_index(drop=True)
    features, reasons = schema.build(raw, reference_year, max_year)
    target = None
    if with_target:
        price = _num(raw[schema.target])
        _reason(reasons, price.isna() | (price <= 0), "price_invalid")
    keep = reasons.isna()
    if with_target:
        target = price[keep].to_numpy(dtype=float)
    rejected = {str(k): int(v) for k, v in reasons[~keep].value_counts().sort_index().items()}
    return Frame(
        schema=schema.name,
        features=features.loc[keep, list(schema.columns)].reset_index(drop=True),
        target=target,
        n_rows=len(raw),
        rejected=rejected,
        unknown_columns=unknown,
        reference_year=features.attrs.get("reference_year"),
    )


def frame_from_csv(
    path: str, schema_name: str, *, with_target: bool, reference_year: int | None = None, max_year: int = 2100
) -> Frame:
    """Read a CSV of one schema (every column as text first, so bad numbers are counted, not fatal)."""
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SchemaError("file_unreadable", f"cannot read {path}: {exc}") from None
    return frame_from_table(raw, schema_name, with_target=with_target, reference_year=reference_year, max_year=max_year)
