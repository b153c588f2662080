"""Valuations and offers in words: money with its currency, factors as sentences (English and Chinese)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from aftercare.valuation.pricing.factors import Factor

SYMBOLS = {"CNY": "¥", "GBP": "£", "INR": "₹"}

MARKETS = {
    "GB": gettext_lazy("UK used-car listings"),
    "CN": gettext_lazy("Chinese used-car trades"),
    "IN": gettext_lazy("Indian used-car listings"),
}

GRADES = {
    "excellent": gettext_lazy("excellent"),
    "good": gettext_lazy("good"),
    "fair": gettext_lazy("fair"),
    "poor": gettext_lazy("poor"),
}

SERVICES = {
    "transfer_paperwork": gettext_lazy("Transfer paperwork (过户) handled for you"),
    "inspection": gettext_lazy("Full pre-sale inspection with written report"),
    "reconditioning": gettext_lazy("Reconditioning before handover"),
}

SYSTEMS = {
    "engine": gettext_lazy("engine"),
    "steering": gettext_lazy("steering"),
    "transmission": gettext_lazy("transmission"),
    "brakes": gettext_lazy("brakes"),
    "suspension": gettext_lazy("suspension"),
}

INPUTS = {
    "fuel": pgettext_lazy("car input", "fuel type"),
    "transmission": pgettext_lazy("car input", "transmission"),
    "engine_l": pgettext_lazy("car input", "engine size"),
}

TIERS = {
    "basic": gettext_lazy("Basic"),
    "standard": gettext_lazy("Standard"),
    "extended": gettext_lazy("Extended"),
    "premium": gettext_lazy("Premium"),
}


def money(amount: Decimal | float, currency: str) -> str:
    """¥123,400 / £12,340: whole units, thousands separated, with the currency's symbol."""
    symbol = SYMBOLS.get(currency, currency + " ")
    return f"{symbol}{Decimal(str(amount)).quantize(Decimal(1)):,}"


def _display_name(name: str) -> str:
    """'vw golf' → 'VW Golf', 'bmw 3 series' → 'BMW 3 Series' (makes of up to three letters are initials)."""
    return " ".join(
        w.upper() if len(w) <= 3 and w.isalpha() and i == 0 else w.capitalize() for i, w in enumerate(name.split())
    )


def _what(factor: Factor) -> str:
    p = dict(factor.params)
    if "km" in p:
        p["km"] = f"{p['km']:,}"
    code = factor.code
    if code == "mileage":
        if "pct" in p and p["pct"] >= 0:
            return _("Mileage of %(km)s km, %(pct)s%% above the average for this model") % p
        if "pct" in p:
            return _("Mileage of %(km)s km, %(pct)s%% below the average for this model") % {**p, "pct": -p["pct"]}
        return _("Mileage of %(km)s km") % p
    if code == "age":
        return _("Age of %(years)s years") % p
    if code == "model":
        return _("The make and model (%(name)s)") % {"name": _display_name(f"{p['make']} {p['model']}")}
    if code == "engine":
        return _("Engine size of %(litres)s L") % p if "litres" in p else _("Engine and power")
    if code == "condition":
        return _("Inspection grade: %(grade)s") % {"grade": GRADES.get(p.get("grade", ""), p.get("grade", ""))}
    labels = {
        "economy": _("Fuel economy and road tax (the exact version)"),
        "fuel": _("Fuel type"),
        "transmission": _("Transmission"),
        "body": _("Body type and seats"),
        "region": _("Region"),
        "damage": _("Unrepaired damage"),
        "seller": _("Seller type"),
    }
    return labels.get(code, code)


def factor_sentence(factor: Factor, currency: str) -> str:
    """'Mileage of 80,000 km, 35% above the average for this model: lowers the price by about £1,200.'"""
    params = {"what": _what(factor), "amount": money(abs(factor.amount), currency)}
    if factor.amount >= 0:
        return _("%(what)s: raises the price by about %(amount)s.") % params
    return _("%(what)s: lowers the price by about %(amount)s.") % params


def factor_rows(factors: tuple[Factor, ...] | list[Factor], currency: str) -> list[dict[str, Any]]:
    return [
        {"code": f.code, "direction": f.direction, "amount": f.amount, "text": factor_sentence(f, currency)}
        for f in factors
    ]


def market_label(market: str) -> str:
    return str(MARKETS.get(market, market))


def service_label(code: str) -> str:
    return str(SERVICES.get(code, code))


def systems_label(codes: list[str]) -> str:
    return ", ".join(str(SYSTEMS.get(c, c)) for c in codes)


def tier_label(code: str) -> str:
    return str(TIERS.get(code, code))


def inputs_label(codes: tuple[str, ...] | list[str]) -> str:
    return ", ".join(str(INPUTS.get(c, c)) for c in codes)


def _percents(measured: dict[str, Any]) -> dict[str, str]:
    if not measured.get("mape"):
        return {}
    return {
        "n": f"{measured.get('n', 0):,}",
        "mape": f"{100 * measured['mape']:.1f}%",
        "within_5pct": f"{100 * measured['within_5pct']:.0f}%",
        "interval_coverage": f"{100 * measured['interval_coverage']:.0f}%",
    }


def valuation_card(valuation: Any) -> dict[str, Any]:
    """What a valuation card shows on the staff and the owner pages: money, range, factors, accuracy."""
    span = float(valuation.high - valuation.low) or 1.0
    return {
        "valuation": valuation,
        "price": money(valuation.price, valuation.currency),
        "low": money(valuation.low, valuation.currency),
        "high": money(valuation.high, valuation.currency),
        "marker_pct": round(100 * float(valuation.price - valuation.low) / span),
        "factors": factor_rows(valuation.factors, valuation.currency),
        "market": market_label(valuation.market),
        "grade": GRADES.get(valuation.condition.grade, "") if valuation.condition else "",
        "missing": inputs_label(valuation.missing_inputs),
        "measured": _percents(valuation.measured),
    }
