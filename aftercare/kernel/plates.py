"""Mainland China licence plates per GA 36-2018 (pure; no Django)."""

from __future__ import annotations

import re
from dataclasses import dataclass

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
SPECIAL_SUFFIXES = "挂学警港澳"
# Serial letters: A–Z without I and O (GA 36-2018).
_SERIAL_CHAR = "[A-HJ-NP-Z0-9]"
# D/F are the standard's pure-electric / other new-energy letters; validators accept the
# capacity-extension letters too (REFERENCE.md §6).
_NEV_LETTER = "[ABCDEFGHJK]"


@dataclass(frozen=True)
class PlateCheck:
    """The result of reading a plate: normalised text, its kind, or the one reason it is wrong."""

    plate: str
    kind: str | None
    error: str | None
    params: dict[str, str]

    @property
    def valid(self) -> bool:
        return self.error is None


def normalize(raw: str) -> str:
    """Upper-case, drop spaces, dots and dashes that people type between the parts."""
    return re.sub(r"[\s\-·.•]", "", raw or "").upper()


def _kind(rest: str) -> str | None:
    if len(rest) == 6:
        if re.fullmatch(f"{_NEV_LETTER}{_SERIAL_CHAR}[0-9]{{4}}", rest):
            return "new_energy_small"
        if re.fullmatch(f"[0-9]{{5}}{_NEV_LETTER}", rest):
            return "new_energy_large"
        return None
    if len(rest) == 5:
        if re.fullmatch(f"{_SERIAL_CHAR}{{4}}[{SPECIAL_SUFFIXES}]", rest):
            return "special"
        if re.fullmatch(f"{_SERIAL_CHAR}{{5}}", rest) and sum(c.isalpha() for c in rest) <= 2:
            return "ordinary"
    return None


def check(raw: str) -> PlateCheck:
    """Validate a plate; on failure name the first thing that is wrong."""
    plate = normalize(raw)
    if not plate:
        return PlateCheck(plate, None, "plate_empty", {})
    if plate[0] not in PROVINCES:
        return PlateCheck(plate, None, "plate_province", {"char": plate[0]})
    if len(plate) not in (7, 8):
        return PlateCheck(plate, None, "plate_length", {"length": str(len(plate))})
    if not re.fullmatch("[A-Z]", plate[1]):
        return PlateCheck(plate, None, "plate_authority", {"char": plate[1]})
    rest = plate[2:]
    bad = sorted({c for c in rest if c in "IO"})
    if bad:
        return PlateCheck(plate, None, "plate_letters_io", {"letters": ", ".join(bad)})
    kind = _kind(rest)
    if kind is None:
        code = "plate_new_energy_format" if len(plate) == 8 else "plate_serial_format"
        return PlateCheck(plate, None, code, {})
    return PlateCheck(plate, kind, None, {})
