"""How cars in the product (Chinese brand and model names) map onto a model's make and model names.

Only the UK model has readable names; Tianchi's makes and models are anonymised numbers, so a product
car can only be matched to a model trained on the network's own trades (ADR 0010). The table is data:
a joint-venture car maps only when it is the same car sold under another name (迈腾 = Passat B8,
途观L = Tiguan Allspace, 锐际 = Kuga); a China-only model (朗逸, 轩逸 …) does not map.
"""

from __future__ import annotations

# Chinese brand fragment → UK make (the brand field holds e.g. "上汽大众", "一汽-大众", "北京奔驰").
UK_MAKES: dict[str, str] = {
    "大众": "vw",
    "奥迪": "audi",
    "宝马": "bmw",
    "奔驰": "mercedes",
    "福特": "ford",
    "现代": "hyundai",
    "斯柯达": "skoda",
    "丰田": "toyota",
}

UK_MODELS: dict[str, str] = {
    "帕萨特": "passat",
    "迈腾": "passat",
    "途观L": "tiguan allspace",
    "途观": "tiguan",
    "速腾": "jetta",
    "高尔夫": "golf",
    "途胜": "tucson",
    "C级": "c class",
    "E级": "e class",
    "GLC": "glc class",
    "凯美瑞": "camry",
    "卡罗拉": "corolla",
    "RAV4荣放": "rav4",
    "3系": "3 series",
    "5系": "5 series",
    "X1": "x1",
    "X3": "x3",
    "i3": "i3",
    "福克斯": "focus",
    "蒙迪欧": "mondeo",
    "锐际": "kuga",
}


def uk_make_model(brand: str, model: str) -> tuple[str, str] | None:
    """The UK make and model for a product car, or None when the car was not sold in that market."""
    make = next((uk for zh, uk in UK_MAKES.items() if zh in brand), None)
    name = UK_MODELS.get(model.strip())
    if make is None or name is None:
        return None
    return make, name
