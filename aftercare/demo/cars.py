"""Static pool of makes and models by WMI, and generators for valid VINs and plates."""

from __future__ import annotations

import hashlib
import random
import zlib
from dataclasses import dataclass
from decimal import Decimal

from aftercare.kernel import plates
from aftercare.kernel.vin import check_digit, year_code

CAR, SUV = "小型轿车", "小型普通客车"  # vehicle types as printed on the licence
# Plate letters GA 36-2018 gives new-energy cars: D pure electric, F plug-in hybrid and others.
ELECTRIC, PLUG_IN = "D", "F"
VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O, Q
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O
# Position 10 for model years 2010-2039 (GB 16735 / ISO 3779).
YEAR_CODES = {year: year_code(year) for year in range(2010, 2040)}
FIRST_YEAR, LAST_YEAR = 2012, 2024
YEAR_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 8, 8, 7, 6, 5, 4)  # 2012..2024, most cars 5-8 years old


@dataclass(frozen=True)
class CarModel:
    """A model: licence vehicle type, new-energy plate letter ('' for petrol) and first model year."""

    name: str
    vehicle_type: str
    energy: str = ""
    since: int = FIRST_YEAR


@dataclass(frozen=True)
class Make:
    """A brand as a store sells it, under the WMI its cars carry."""

    wmi: str
    brand: str
    brand_en: str
    models: tuple[CarModel, ...]
    store_suffix: tuple[str, str] = ("4S店", "4S Store")


M = CarModel
MAKES: dict[str, Make] = {
    m.wmi: m
    for m in (
        Make("LSV", "上汽大众", "SAIC Volkswagen",
             (M("朗逸", CAR), M("帕萨特", CAR), M("途观L", SUV), M("途岳", SUV, since=2018),
              M("ID.4 X", SUV, ELECTRIC, 2021))),
        Make("LFV", "一汽-大众", "FAW-Volkswagen",
             (M("速腾", CAR), M("迈腾", CAR), M("宝来", CAR), M("探岳", SUV, since=2018))),
        Make("LBE", "北京现代", "Beijing Hyundai", (M("伊兰特", CAR), M("索纳塔", CAR), M("途胜", SUV))),
        Make("LE4", "北京奔驰", "Beijing Benz", (M("C级", CAR), M("E级", CAR), M("GLC", SUV, since=2016))),
        Make("LVG", "广汽丰田", "GAC Toyota",
             (M("凯美瑞", CAR), M("雷凌", CAR, since=2014), M("汉兰达", SUV), M("威兰达", SUV, since=2020))),
        Make("LFM", "一汽丰田", "FAW Toyota", (M("卡罗拉", CAR), M("亚洲龙", CAR, since=2019), M("RAV4荣放", SUV))),
        Make("LHG", "广汽本田", "GAC Honda", (M("雅阁", CAR), M("飞度", CAR), M("缤智", SUV, since=2015))),
        Make("LVH", "东风本田", "Dongfeng Honda", (M("思域", CAR), M("CR-V", SUV), M("英仕派", CAR, since=2019))),
        Make("LGB", "东风日产", "Dongfeng Nissan", (M("轩逸", CAR), M("天籁", CAR), M("奇骏", SUV), M("逍客", SUV))),
        Make("LBV", "华晨宝马", "BMW Brilliance",
             (M("3系", CAR), M("5系", CAR), M("X1", SUV), M("X3", SUV, since=2018), M("i3", CAR, ELECTRIC, 2022))),
        Make("LYV", "沃尔沃", "Volvo Cars", (M("S60", CAR), M("S90", CAR, since=2017), M("XC60", SUV))),
        Make("LRW", "特斯拉", "Tesla", (M("Model 3", CAR, ELECTRIC, 2020), M("Model Y", SUV, ELECTRIC, 2021)),
             ("服务中心", "Service Centre")),
        Make("LGX", "比亚迪", "BYD",
             (M("汉EV", CAR, ELECTRIC, 2020), M("汉DM-i", CAR, PLUG_IN, 2021), M("秦PLUS DM-i", CAR, PLUG_IN, 2021),
              M("宋PLUS DM-i", SUV, PLUG_IN, 2021), M("元PLUS", SUV, ELECTRIC, 2022), M("海豚", CAR, ELECTRIC, 2021))),
        Make("LSG", "别克", "Buick", (M("英朗", CAR), M("君威", CAR), M("昂科威", SUV, since=2014), M("GL8", SUV))),
        Make("LZW", "五菱", "Wuling",
             (M("宏光MINIEV", CAR, ELECTRIC, 2020), M("缤果", CAR, ELECTRIC, 2023), M("宏光PLUS", SUV, since=2019))),
        Make("LVS", "长安福特", "Changan Ford", (M("福克斯", CAR), M("蒙迪欧", CAR), M("锐际", SUV, since=2019))),
        Make("LGW", "哈弗", "Haval",
             (M("H6", SUV), M("大狗", SUV, since=2020), M("H6 DHT-PHEV", SUV, PLUG_IN, 2022))),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Spec:
    """What a model is sold with: gearboxes (commonest first), engine sizes, and a petrol-electric hybrid's engine."""

    gearboxes: tuple[str, ...] = ("automatic",)
    litres: tuple[str, ...] = ()  # () for pure electric models
    hybrid_litres: str = ""  # a hybrid (双擎, e:HEV) version is sold, with this engine


AT, DCT, MT = "automatic", "dual_clutch", "manual"  # vehicles.choices.VehicleTransmission values
SPECS: dict[str, Spec] = {
    "朗逸": Spec((AT, DCT, MT), ("1.5", "1.4", "1.2")), "帕萨特": Spec((DCT,), ("1.4", "2.0")),
    "途观L": Spec((DCT,), ("1.4", "2.0")), "途岳": Spec((DCT,), ("1.4", "2.0")), "ID.4 X": Spec(),
    "速腾": Spec((DCT, AT, MT), ("1.4", "1.2", "1.5")), "迈腾": Spec((DCT,), ("1.4", "2.0")),
    "宝来": Spec((AT, MT, DCT), ("1.5", "1.4")), "探岳": Spec((DCT,), ("1.4", "2.0")),
    "伊兰特": Spec((AT, MT), ("1.5", "1.4")), "索纳塔": Spec((AT, DCT), ("2.0", "1.5")),
    "途胜": Spec((DCT, AT), ("1.5", "1.6", "2.0")),
    "C级": Spec((AT,), ("1.5", "2.0")), "E级": Spec((AT,), ("2.0",)), "GLC": Spec((AT,), ("2.0",)),
    "凯美瑞": Spec((AT,), ("2.0", "2.5"), "2.5"), "雷凌": Spec((AT,), ("1.2", "1.5", "1.8"), "1.8"),
    "汉兰达": Spec((AT,), ("2.0", "2.5"), "2.5"), "威兰达": Spec((AT,), ("2.0",), "2.5"),
    "卡罗拉": Spec((AT,), ("1.2", "1.5"), "1.8"), "亚洲龙": Spec((AT,), ("2.0",), "2.5"),
    "RAV4荣放": Spec((AT,), ("2.0",), "2.5"),
    "雅阁": Spec((AT,), ("1.5",), "2.0"), "飞度": Spec((AT, MT), ("1.5",)), "缤智": Spec((AT, MT), ("1.5",)),
    "思域": Spec((AT, MT), ("1.5",)), "CR-V": Spec((AT,), ("1.5",), "2.0"), "英仕派": Spec((AT,), ("1.5",), "2.0"),
    "轩逸": Spec((AT, MT), ("1.6",)), "天籁": Spec((AT,), ("2.0",)), "奇骏": Spec((AT,), ("2.0", "2.5")),
    "逍客": Spec((AT,), ("2.0",)),
    "3系": Spec((AT,), ("2.0",)), "5系": Spec((AT,), ("2.0", "3.0")), "X1": Spec((AT, DCT), ("1.5", "2.0")),
    "X3": Spec((AT,), ("2.0",)), "i3": Spec(),
    "S60": Spec((AT,), ("2.0",)), "S90": Spec((AT,), ("2.0",)), "XC60": Spec((AT,), ("2.0",)),
    "Model 3": Spec(), "Model Y": Spec(),
    "汉EV": Spec(), "汉DM-i": Spec((AT,), ("1.5",)), "秦PLUS DM-i": Spec((AT,), ("1.5",)),
    "宋PLUS DM-i": Spec((AT,), ("1.5",)), "元PLUS": Spec(), "海豚": Spec(),
    "英朗": Spec((AT, MT), ("1.5", "1.3")), "君威": Spec((AT,), ("1.5", "2.0")), "昂科威": Spec((AT,), ("1.5", "2.0")),
    "GL8": Spec((AT,), ("2.0",)),
    "宏光MINIEV": Spec(), "缤果": Spec(), "宏光PLUS": Spec((MT,), ("1.5",)),
    "福克斯": Spec((AT, MT), ("1.5",)), "蒙迪欧": Spec((AT,), ("1.5", "2.0")), "锐际": Spec((AT,), ("1.5", "2.0")),
    "H6": Spec((DCT, MT), ("1.5", "2.0")), "大狗": Spec((DCT,), ("1.5", "2.0")), "H6 DHT-PHEV": Spec((AT,), ("1.5",)),
}  # fmt: skip
HYBRID_SHARE_OF_16 = 5  # of the models sold as a hybrid too, about 5 cars in 16 are the hybrid


@dataclass(frozen=True)
class CarSpec:
    """One car's fuel type, transmission and displacement, as vehicles.models.Vehicle stores them."""

    fuel_type: str
    transmission: str
    displacement_l: Decimal | None


def car_spec(model: CarModel, vin: str) -> CarSpec:
    """The car's specification, derived from its VIN (like the demo's kilometres) so no random draw is spent."""
    spec = SPECS[model.name]
    pick = zlib.crc32(f"spec/{vin}".encode())
    if model.energy == ELECTRIC or not spec.litres:
        return CarSpec("electric", AT, None)  # a single-speed reduction gear: recorded as automatic
    if spec.hybrid_litres and pick % 16 < HYBRID_SHARE_OF_16:
        return CarSpec("hybrid", AT, Decimal(spec.hybrid_litres))
    fuel = "plug_in_hybrid" if model.energy == PLUG_IN else "petrol"
    gearboxes = (spec.gearboxes[0], *spec.gearboxes)  # the commonest gearbox twice as likely
    gearbox = gearboxes[(pick >> 4) % len(gearboxes)]
    return CarSpec(fuel, gearbox, Decimal(spec.litres[(pick >> 8) % len(spec.litres)]))


def _stable_chars(key: str, n: int) -> str:
    """n VIN characters derived from a key, identical on every run (unlike hash())."""
    digest = hashlib.sha256(key.encode()).digest()
    return "".join(VIN_CHARS[b % len(VIN_CHARS)] for b in digest[:n])


def model_year_pick(rng: random.Random, model: CarModel) -> int:
    """A model year in 2012-2024, never before the model was launched."""
    year = rng.choices(range(FIRST_YEAR, LAST_YEAR + 1), weights=YEAR_WEIGHTS)[0]
    return year if year >= model.since else rng.randint(model.since, LAST_YEAR)


def vin_make(rng: random.Random, make: Make, model: CarModel, year: int, serial: int) -> str:
    """A valid VIN: WMI, a per-model VDS, the GB 16735 check digit, the model-year code, plant, serial."""
    vds = _stable_chars(f"{make.wmi}/{model.name}", 3) + "".join(rng.choice(VIN_CHARS) for _ in range(2))
    plant = _stable_chars(make.wmi, 1)
    body = f"{make.wmi}{vds}0{YEAR_CODES[year]}{plant}{serial % 1_000_000:06d}"
    return body[:8] + check_digit(body) + body[9:]


def _serial(rng: random.Random) -> str:
    """Five plate characters with at most two letters, in the patterns issuing offices use."""
    pattern = rng.choice(("ddddd", "Ldddd", "Ldddd", "LLddd", "dLddd", "ddddL"))
    return "".join(rng.choice(PLATE_LETTERS) if c == "L" else str(rng.randint(0, 9)) for c in pattern)


def plate_make(rng: random.Random, prefixes: tuple[str, ...], energy: str, used: set[str]) -> str:
    """A valid, unused plate of the city: ordinary 7 characters, or new-energy 8 like 粤BD12345."""
    while True:
        if energy:
            second = rng.choice(PLATE_LETTERS + "0123456789" * 3)
            plate = f"{prefixes[0]}{energy}{second}{rng.randint(0, 9999):04d}"
        else:
            plate = rng.choice(prefixes) + _serial(rng)
        if plate not in used and plates.check(plate).valid:
            used.add(plate)
            return plate


def engine_number(rng: random.Random, make: Make, model: CarModel) -> str:
    """An engine (or drive-motor) number: a per-model code and a serial."""
    return _stable_chars(f"engine/{make.wmi}/{model.name}", 3) + f"{rng.randint(0, 999_999):06d}"
