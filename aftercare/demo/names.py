"""Static pools for people and organisations: names, dealer groups, skills; small generators over them."""

from __future__ import annotations

import random
from dataclasses import dataclass

from aftercare.kernel.phones import check_mobile


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """'王:wang 李:li' -> (('王', 'wang'), ('李', 'li'))."""
    return tuple((han, pinyin) for han, pinyin in (p.split(":") for p in text.split()))


# The most common surnames, with pinyin for e-mail addresses.
SURNAMES = _pairs(
    "王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou 徐:xu 孙:sun 马:ma 朱:zhu "
    "胡:hu 郭:guo 何:he 林:lin 高:gao 罗:luo 郑:zheng 梁:liang 谢:xie 宋:song 唐:tang 许:xu 韩:han 冯:feng "
    "邓:deng 曹:cao 彭:peng 曾:zeng 肖:xiao 田:tian 董:dong 潘:pan 袁:yuan 蔡:cai 蒋:jiang 余:yu 杜:du 叶:ye "
    "程:cheng 魏:wei 苏:su 吕:lv 丁:ding 沈:shen 任:ren 姚:yao"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉萍红鹏辉建国"
    "文斌宇浩凯晨欣怡佳琪涵轩婷远博志海燕立新春梅晓东俊嘉雪峰琳"
)
EMAIL_DOMAINS = ("163.com", "126.com", "qq.com", "sina.com", "outlook.com")
# Mainland mobile prefixes of the three carriers; every generated number is still checked.
MOBILE_PREFIXES = (
    *(f"13{d}" for d in range(10)),
    *("150", "151", "152", "155", "156", "157", "158", "159"),
    *("176", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "199"),
)


@dataclass(frozen=True)
class GroupSpec:
    """A fictional dealer group: its cities (home city first) and the brands (by WMI) it holds franchises for."""

    code: str
    name: str
    name_en: str
    cities: tuple[str, ...]
    wmis: tuple[str, ...]


def _g(code: str, name: str, name_en: str, cities: str, wmis: str) -> GroupSpec:
    return GroupSpec(code, name, name_en, tuple(cities.split()), tuple(wmis.split()))


# Fictional names in the style of Chinese dealer groups; any likeness to a real company is accidental.
GROUPS: tuple[GroupSpec, ...] = (
    _g("jinghua", "京华汽车集团", "Jinghua Auto Group", "bj", "LSV LFV LBE LE4"),
    _g("yanjing", "燕京汽车服务集团", "Yanjing Motor Services Group", "bj dl", "LVG LFM LHG LGB"),
    _g("huaxiatong", "华夏通汽车集团", "Huaxiatong Automotive Group", "bj sz cd nj", "LBV LE4 LYV LRW"),
    _g("pengcheng", "鹏城汽车集团", "Pengcheng Auto Group", "sz", "LGX LVH LHG LSG"),
    _g("nanyuexing", "南粤行汽车集团", "Nanyuexing Motors", "sz cd", "LVG LGB LGX LZW"),
    _g("tianfu", "天府汽车集团", "Tianfu Auto Group", "cd", "LFV LVS LGW LBE"),
    _g("jincheng", "锦城汽车服务集团", "Jincheng Motor Services", "cd", "LSV LHG LGX"),
    _g("jinling", "金陵汽车集团", "Jinling Auto Group", "nj", "LSV LSG LVS LFM"),
    _g("donghai", "东海汽车集团", "Donghai Motor Group", "nb wz nj", "LFV LVG LYV LGX"),
    _g("yongcheng", "甬城汽车集团", "Yongcheng Auto Group", "nb", "LSV LGB LVH"),
    _g("ouyue", "瓯越汽车集团", "Ouyue Auto Group", "wz", "LSG LBE LGW LZW"),
    _g("xinghai", "星海汽车集团", "Xinghai Auto Group", "dl", "LFV LBV LFM LGB"),
)
GROUP_CODES = tuple(g.code for g in GROUPS)

# (code, 中文, English). "general" matches the code the rest of the product uses for routine service.
SKILLS: tuple[tuple[str, str, str], ...] = (
    ("general", "常规保养", "General service"),
    ("alignment", "四轮定位与轮胎", "Alignment & tyres"),
    ("electrical", "电气诊断", "Electrical diagnosis"),
    ("ev-hv", "新能源高压", "EV high-voltage"),
    ("body-paint", "钣金喷漆", "Body & paint"),
    ("ac", "空调系统", "Air conditioning"),
    ("transmission", "变速箱维修", "Transmission"),
)


def person_name(rng: random.Random) -> str:
    """A Chinese full name: a common surname and a one- or two-character given name."""
    surname = rng.choice(SURNAMES)[0]
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
    return surname + given


def email_for(rng: random.Random, name: str) -> str:
    """A plausible personal address: QQ numbers, or surname pinyin plus digits."""
    domain = rng.choice(EMAIL_DOMAINS)
    if domain == "qq.com":
        return f"{rng.randint(10_000_000, 2_999_999_999)}@qq.com"
    pinyin = next((p for s, p in SURNAMES if name.startswith(s)), "user")
    return f"{pinyin}{rng.randint(10, 99_999)}@{domain}"


def mobile_e164(rng: random.Random, used: set[str]) -> str:
    """A valid, not yet used mainland mobile number in E.164 form; `used` is updated."""
    while True:
        check = check_mobile(rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}")
        if check.e164 is not None and check.e164 not in used:
            used.add(check.e164)
            return check.e164
