"""Pure recall matching: normalised make and model keys, and whether a coverage row covers a car."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Spellings that name the same make. Keys are compared after make_fold(); values are the make key.
# Chinese joint ventures keep their own key (广汽丰田 builds different cars from Toyota USA), but their
# English and Chinese names meet. Operators add more as MakeAlias rows.
DEFAULT_MAKE_ALIASES: Mapping[str, str] = {
    "比亚迪": "BYD",
    "哈弗": "HAVAL",
    "长城": "GREAT WALL",
    "长城汽车": "GREAT WALL",
    "吉利": "GEELY",
    "吉利汽车": "GEELY",
    "奇瑞": "CHERY",
    "长安": "CHANGAN",
    "长安汽车": "CHANGAN",
    "五菱": "WULING",
    "上汽通用五菱": "WULING",
    "SGMW": "WULING",
    "蔚来": "NIO",
    "理想": "LI AUTO",
    "LIXIANG": "LI AUTO",
    "小鹏": "XPENG",
    "XIAOPENG": "XPENG",
    "特斯拉": "TESLA",
    "沃尔沃": "VOLVO",
    "VOLVO CARS": "VOLVO",
    "别克": "BUICK",
    "上汽通用别克": "BUICK",
    "上汽大众": "SAIC VOLKSWAGEN",
    "SAIC VW": "SAIC VOLKSWAGEN",
    "一汽大众": "FAW VOLKSWAGEN",
    "FAW VW": "FAW VOLKSWAGEN",
    "北京现代": "BEIJING HYUNDAI",
    "北京奔驰": "BEIJING BENZ",
    "广汽丰田": "GAC TOYOTA",
    "一汽丰田": "FAW TOYOTA",
    "广汽本田": "GAC HONDA",
    "东风本田": "DONGFENG HONDA",
    "东风日产": "DONGFENG NISSAN",
    "华晨宝马": "BMW BRILLIANCE",
    "长安福特": "CHANGAN FORD",
    "MERCEDES": "MERCEDES-BENZ",
    "MERCEDES BENZ": "MERCEDES-BENZ",
    "BENZ": "MERCEDES-BENZ",
    "VW": "VOLKSWAGEN",
    "CHEVY": "CHEVROLET",
}

# Company words that do not change which make is meant ("BYD AUTO CO., LTD." is BYD).
_COMPANY_WORDS = re.compile(
    r"\b(CO|COMPANY|CORP|CORPORATION|INC|LTD|LIMITED|LLC|GMBH|AG|SA|AUTO|AUTOMOBILE|AUTOMOTIVE|MOTOR|MOTORS|"
    r"MOTOR COMPANY|CARS|GROUP|OF AMERICA|NORTH AMERICA|USA|US)\b"
)
_CN_COMPANY = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团|汽车销售|销售)$")
_SEPARATORS = re.compile(r"[\s\-_.,·/()（）]+")
_MODEL_DROP = re.compile(r"[\s\-_.·/()（）]+")


def _fold(text: str) -> str:
    """Full-width to half-width, upper case, trimmed."""
    # NFKC again after upper(): some capitals (ǰ → J̌) only exist decomposed.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).upper()).strip()


def make_fold(text: str) -> str:
    """A make with case, width, punctuation and company words removed: 'BYD Auto Co., Ltd.' -> 'BYD'."""
    folded = _CN_COMPANY.sub("", _fold(text))
    words = _SEPARATORS.sub(" ", folded).strip()
    stripped = re.sub(r"\s+", " ", _COMPANY_WORDS.sub(" ", words)).strip()
    return unicodedata.normalize("NFKC", stripped or words)


def make_key(text: str, aliases: Mapping[str, str] = DEFAULT_MAKE_ALIASES) -> str:
    """The key two spellings of one make share ('比亚迪', 'BYD', 'BYD Auto' -> 'BYD'); '' for blank."""
    folded = make_fold(text)
    if not folded:
        return ""
    for candidate in (folded, _fold(text), folded.replace(" ", "")):
        if candidate in aliases:
            return aliases[candidate]
    return folded


def model_key(text: str) -> str:
    """A model with case, width, spaces and punctuation removed: 'CR-V' and 'cr v' -> 'CRV'."""
    # Normalised again: dropping a separator can leave a combining mark next to a new base letter.
    return unicodedata.normalize("NFKC", _MODEL_DROP.sub("", _fold(text)))


def aliases_merge(defaults: Mapping[str, str], extra: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The default alias table with operator rows on top; alias spellings are folded like makes."""
    merged = {make_fold(k) or _fold(k): v for k, v in defaults.items()}
    for alias, key in extra:
        merged[make_fold(alias) or _fold(alias)] = make_fold(key) or _fold(key)
    return merged


@dataclass(frozen=True)
class CarKey:
    """What matching knows about a car."""

    make_key: str
    model_key: str
    model_year: int | None
    vin: str
    built_on: dt.date | None = None


@dataclass(frozen=True)
class Coverage:
    """One coverage row of a campaign, already normalised."""

    make_key: str
    model_key: str
    year_from: int | None = None
    year_to: int | None = None
    vin_from: str = ""
    vin_to: str = ""
    built_from: dt.date | None = None
    built_to: dt.date | None = None


def car_key(*, brand: str, manufacturer: str, model: str, model_year: int | None, vin: str,
            aliases: Mapping[str, str] = DEFAULT_MAKE_ALIASES) -> CarKey:  # fmt: skip
    """A car's matching key: the brand names the make; the manufacturer only when no brand is known."""
    make = make_key(brand, aliases) or make_key(manufacturer, aliases)
    return CarKey(make_key=make, model_key=model_key(model), model_year=model_year, vin=vin)


def covers(coverage: Coverage, car: CarKey) -> bool:
    """True when the coverage row includes the car.

    Make and model must be known and equal. A year bound excludes a car with no known model year.
    A VIN range compares whole VINs. A production range excludes a car only when its build date is
    known: we would rather ask a dealer to check one car than miss a safety recall.
    """
    if not car.make_key or not car.model_key:
        return False
    if coverage.make_key != car.make_key or coverage.model_key != car.model_key:
        return False
    if coverage.year_from is not None or coverage.year_to is not None:
        if car.model_year is None:
            return False
        if coverage.year_from is not None and car.model_year < coverage.year_from:
            return False
        if coverage.year_to is not None and car.model_year > coverage.year_to:
            return False
    if coverage.vin_from and not (coverage.vin_from <= car.vin <= coverage.vin_to):
        return False
    if car.built_on is not None:
        if coverage.built_from is not None and car.built_on < coverage.built_from:
            return False
        if coverage.built_to is not None and car.built_on > coverage.built_to:
            return False
    return True


def campaign_covers(coverages: Iterable[Coverage], car: CarKey) -> bool:
    """True when any coverage row of a campaign includes the car."""
    return any(covers(c, car) for c in coverages)


def year_ranges(years: Iterable[int]) -> list[tuple[int, int]]:
    """Collapse model years into contiguous ranges: [2019, 2020, 2022] -> [(2019, 2020), (2022, 2022)]."""
    ordered = sorted(set(years))
    ranges: list[tuple[int, int]] = []
    for year in ordered:
        if ranges and year == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], year)
        else:
            ranges.append((year, year))
    return ranges
