"""VIN validation and decoding per ISO 3779 / GB 16735-2019 (pure; no Django)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

VIN_LENGTH = 17
FORBIDDEN_LETTERS = frozenset("IOQ")
_ALLOWED = re.compile(r"[A-Z0-9]")

# GB 16735-2019 Annex A / 49 CFR 565: transliteration values and position weights.
_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)

# Position 10: the 30-year cycle starting 1980 (and again 2010). Letters I O Q U Z and digit 0 unused.
_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"
_YEAR_BY_CODE = {code: 1980 + i for i, code in enumerate(_YEAR_CODES)}

# Where a wrong check digit is only a warning: ISO 3779 alone (Europe, WMIs S–Z) does not
# require position 9 to be a check digit; North America (49 CFR 565) and China (GB 16735) do,
# and makers exporting from Asia follow them.
_CHECK_DIGIT_OPTIONAL_REGIONS = frozenset("STUVWXYZ")


@dataclass(frozen=True)
class VinIssue:
    """One problem found in a VIN: a stable code plus its parameters."""

    code: str
    params: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class VinDecoded:
    """What a VIN says: validity, problems, WMI and model year (manufacturer is looked up elsewhere)."""

    vin: str
    errors: tuple[VinIssue, ...]
    warnings: tuple[VinIssue, ...]
    wmi: str | None
    model_year: int | None

    @property
    def valid(self) -> bool:
        return not self.errors


def year_code(year: int) -> str:
    """The position-10 character for a model year (1980–2039)."""
    return _YEAR_CODES[(year - 1980) % 30]


def normalize(raw: str) -> str:
    """Upper-case and drop spaces and dashes people type inside VINs."""
    return re.sub(r"[\s\-]", "", raw or "").upper()


def check_digit(vin: str) -> str:
    """The check digit (position 9) that a 17-character VIN of allowed characters should carry."""
    total = sum(_VALUES[ch] * w for ch, w in zip(vin, _WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def wmi_of(vin: str) -> str:
    """World manufacturer identifier; small makers (position 3 = 9) add positions 12–14."""
    if len(vin) >= 14 and vin[2] == "9":
        return vin[:3] + vin[11:14]
    return vin[:3]


def model_year(vin: str, *, current_year: int) -> int | None:
    """Model year from position 10, choosing the 30-year cycle.

    Chinese VINs (WMI starting L) take the most recent year not after next year. Elsewhere the
    NHTSA convention applies: a digit in position 7 means 1980–2009, a letter means 2010–2039.
    """
    base = _YEAR_BY_CODE.get(vin[9]) if len(vin) >= 10 else None
    if base is None:
        return None
    candidates = (base, base + 30)
    if vin[0] == "L" or not vin[6].isalnum():
        recent = [y for y in candidates if y <= current_year + 1]
        return max(recent) if recent else None
    return base if vin[6].isdigit() else base + 30


def decode(raw: str, *, current_year: int) -> VinDecoded:
    """Validate a VIN and read what it encodes. Each failure is reported once with its own code."""
    vin = normalize(raw)
    errors: list[VinIssue] = []
    warnings: list[VinIssue] = []
    if len(vin) != VIN_LENGTH:
        errors.append(VinIssue("vin_length", {"length": len(vin), "expected": VIN_LENGTH}))
    forbidden = sorted({ch for ch in vin if ch in FORBIDDEN_LETTERS})
    if forbidden:
        errors.append(VinIssue("vin_forbidden_letters", {"letters": ", ".join(forbidden)}))
    invalid = sorted({ch for ch in vin if not _ALLOWED.fullmatch(ch)})
    if invalid:
        errors.append(VinIssue("vin_invalid_characters", {"characters": " ".join(invalid)}))
    if errors:
        return VinDecoded(vin, tuple(errors), (), vin[:3] if len(vin) >= 3 else None, None)

    expected = check_digit(vin)
    if vin[8] != expected:
        issue = VinIssue("vin_check_digit", {"expected": expected, "actual": vin[8]})
        if vin[0] in _CHECK_DIGIT_OPTIONAL_REGIONS:
            warnings.append(issue)
        else:
            errors.append(issue)
    year = model_year(vin, current_year=current_year)
    if year is None:
        warnings.append(VinIssue("vin_model_year_unknown", {"code": vin[9]}))
    if not re.fullmatch(r"\d{3,}", vin[-3:]):
        warnings.append(VinIssue("vin_serial_not_numeric", {}))
    return VinDecoded(vin, tuple(errors), tuple(warnings), wmi_of(vin), year)
