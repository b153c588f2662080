"""Static pools for the demo network's geography: the seven cities, their real districts and streets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class District:
    """A real district with its approximate centre, neighbourhoods (for store names) and main roads."""

    name: str
    name_en: str
    lat: float
    lon: float
    areas: tuple[tuple[str, str], ...]
    streets: tuple[str, ...]


@dataclass(frozen=True)
class City:
    """A city of the seed network: how many stores it gets, its plates and phone area code."""

    code: str
    name: str
    name_en: str
    address_prefix: str
    stores: int
    area_code: str
    plate_prefixes: tuple[str, ...]
    districts: tuple[District, ...]


def _d(name: str, name_en: str, lat: float, lon: float, areas: str, streets: str) -> District:
    """Compact constructor: areas as '中文:English' pairs and streets separated by spaces."""
    pairs = tuple((cn, en) for cn, en in (a.split(":") for a in areas.split("|")))
    return District(name, name_en, lat, lon, pairs, tuple(streets.split()))


# Store counts follow the seed document: 80 stores, weighted towards the three largest markets.
CITIES: tuple[City, ...] = (
    City("bj", "北京", "Beijing", "北京市", 18, "010", tuple(f"京{c}" for c in "ACEFGHJKLMNPQ"), (
        _d("朝阳区", "Chaoyang", 39.921, 116.443, "亚运村:Yayuncun|望京:Wangjing|四惠:Sihui|大屯:Datun",
           "北苑路 北四环东路 京顺路 广渠路 东四环中路"),
        _d("海淀区", "Haidian", 39.959, 116.298, "中关村:Zhongguancun|五棵松:Wukesong|上地:Shangdi",
           "北四环西路 西三环北路 上地信息路 复兴路"),
        _d("丰台区", "Fengtai", 39.858, 116.287, "花乡:Huaxiang|方庄:Fangzhuang|丽泽:Lize",
           "南四环西路 丰台北路 航丰路"),
        _d("大兴区", "Daxing", 39.727, 116.341, "亦庄:Yizhuang|旧宫:Jiugong", "荣华中路 京开辅路 旧宫东路"),
        _d("通州区", "Tongzhou", 39.909, 116.657, "梨园:Liyuan|北苑:Beiyuan", "九棵树东路 通胡大街 新华东街"),
        _d("昌平区", "Changping", 40.221, 116.231, "回龙观:Huilongguan|天通苑:Tiantongyuan",
           "回龙观西大街 立汤路 昌平路"),
        _d("顺义区", "Shunyi", 40.130, 116.654, "后沙峪:Houshayu|顺义新城:Shunyi New Town",
           "裕民大街 顺平路 府前中街"),
        _d("石景山区", "Shijingshan", 39.906, 116.223, "鲁谷:Lugu|古城:Gucheng", "石景山路 鲁谷路"),
    )),
    City("sz", "深圳", "Shenzhen", "广东省深圳市", 16, "0755", ("粤B",), (
        _d("福田区", "Futian", 22.541, 114.055, "车公庙:Chegongmiao|香蜜湖:Xiangmihu|梅林:Meilin",
           "深南大道 泰然九路 香蜜湖路 梅林路"),
        _d("南山区", "Nanshan", 22.533, 113.930, "科技园:Science Park|西丽:Xili|蛇口:Shekou",
           "沙河西路 南海大道 留仙大道"),
        _d("罗湖区", "Luohu", 22.548, 114.131, "笋岗:Sungang|布心:Buxin|莲塘:Liantang", "宝安北路 东门北路 布心路"),
        _d("宝安区", "Bao'an", 22.555, 113.884, "西乡:Xixiang|福永:Fuyong|新安:Xin'an", "宝安大道 新湖路 创业一路"),
        _d("龙岗区", "Longgang", 22.721, 114.247, "布吉:Buji|坂田:Bantian|横岗:Henggang", "龙岗大道 布龙路 深惠路"),
        _d("龙华区", "Longhua", 22.691, 114.044, "民治:Minzhi|观澜:Guanlan|大浪:Dalang", "民治大道 梅龙大道 观澜大道"),
    )),
    City("cd", "成都", "Chengdu", "四川省成都市", 15, "028", ("川A",), (
        _d("武侯区", "Wuhou", 30.642, 104.043, "红牌楼:Hongpailou|川藏路:Chuanzang Road|簇桥:Cuqiao",
           "佳灵路 武兴一路 二环路西一段"),
        _d("锦江区", "Jinjiang", 30.657, 104.083, "牛市口:Niushikou|琉璃场:Liulichang", "锦华路 静安路 东大街"),
        _d("青羊区", "Qingyang", 30.674, 104.062, "光华:Guanghua|金沙:Jinsha", "光华大道 青羊大道 金沙路"),
        _d("金牛区", "Jinniu", 30.692, 104.052, "沙湾:Shawan|营门口:Yingmenkou|天回:Tianhui",
           "蜀汉路 营门口路 二环路北一段"),
        _d("成华区", "Chenghua", 30.660, 104.102, "驷马桥:Simaqiao|建设路:Jianshe Road", "成华大道 建设路 双林路"),
        _d("双流区", "Shuangliu", 30.574, 103.923, "东升:Dongsheng|航空港:Airport", "棠湖大道 西航港大道"),
        _d("龙泉驿区", "Longquanyi", 30.557, 104.275, "龙泉:Longquan|大面:Damian", "龙泉大道 车城大道"),
    )),
    City("nj", "南京", "Nanjing", "江苏省南京市", 10, "025", ("苏A",), (
        _d("秦淮区", "Qinhuai", 32.034, 118.794, "大明路:Daming Road|光华门:Guanghuamen", "大明路 光华路 卡子门大街"),
        _d("建邺区", "Jianye", 32.004, 118.732, "河西:Hexi|奥体:Olympic Centre", "江东中路 应天大街 楠溪江东街"),
        _d("玄武区", "Xuanwu", 32.048, 118.798, "孝陵卫:Xiaolingwei", "中山门大街 龙蟠路"),
        _d("鼓楼区", "Gulou", 32.066, 118.770, "下关:Xiaguan", "中山北路 模范马路 热河路"),
        _d("栖霞区", "Qixia", 32.097, 118.909, "迈皋桥:Maigaoqiao|仙林:Xianlin", "和燕路 仙林大道"),
        _d("雨花台区", "Yuhuatai", 31.991, 118.779, "宁南:Ningnan", "宁丹路 软件大道"),
        _d("江宁区", "Jiangning", 31.953, 118.840, "东山:Dongshan|将军大道:Jiangjun Avenue",
           "将军大道 双龙大道 天元中路"),
    )),
    City("nb", "宁波", "Ningbo", "浙江省宁波市", 8, "0574", ("浙B",), (
        _d("鄞州区", "Yinzhou", 29.817, 121.547, "钟公庙:Zhonggongmiao|东部新城:Eastern New Town",
           "鄞县大道 宁南南路 首南中路"),
        _d("海曙区", "Haishu", 29.859, 121.551, "南门:Nanmen|望春:Wangchun", "环城西路 机场路 望春路"),
        _d("江北区", "Jiangbei", 29.887, 121.555, "庄桥:Zhuangqiao|洪塘:Hongtang", "环城北路 北环东路 洪塘中路"),
        _d("镇海区", "Zhenhai", 29.949, 121.716, "骆驼:Luotuo", "镇骆路 庄市大道"),
        _d("北仑区", "Beilun", 29.899, 121.844, "新碶:Xinqi", "明州路 长江路"),
    )),
    City("wz", "温州", "Wenzhou", "浙江省温州市", 6, "0577", ("浙C",), (
        _d("鹿城区", "Lucheng", 28.015, 120.655, "黎明:Liming|双屿:Shuangyu", "车站大道 温州大道"),
        _d("龙湾区", "Longwan", 27.933, 120.811, "永中:Yongzhong|状元:Zhuangyuan", "永强大道 机场大道"),
        _d("瓯海区", "Ouhai", 27.967, 120.637, "梧田:Wutian|娄桥:Louqiao", "瓯海大道 温瑞大道"),
    )),
    City("dl", "大连", "Dalian", "辽宁省大连市", 7, "0411", ("辽B",), (
        _d("沙河口区", "Shahekou", 38.905, 121.594, "黑石礁:Heishijiao|星海:Xinghai", "西南路 中山路 五一路"),
        _d("甘井子区", "Ganjingzi", 38.953, 121.525, "华南:Huanan|泉水:Quanshui|红旗:Hongqi", "华北路 泉水东路 西北路"),
        _d("中山区", "Zhongshan", 38.918, 121.644, "青泥洼:Qingniwa", "解放路 人民路"),
        _d("金州区", "Jinzhou", 39.050, 121.782, "开发区:Development Zone", "金马路 辽河西路"),
    )),
)  # fmt: skip

CITY_BY_CODE = {c.code: c for c in CITIES}

# Stores sit within about 2 km of their district's centre (one hundredth of a degree is ~1.1 km).
JITTER_DEGREES = 0.018

OPENING_HOURS: tuple[dict[str, list[list[str]]], ...] = (
    {**{d: [["08:30", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat")}, "sun": [["09:00", "17:00"]]},
    {d: [["08:00", "18:30"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    {**{d: [["08:30", "17:30"]] for d in ("mon", "tue", "wed", "thu", "fri")}}
    | {"sat": [["09:00", "17:00"]], "sun": [["09:00", "17:00"]]},
)


def area_slots(city: City) -> list[tuple[District, str, str]]:
    """(district, area, area_en) taken round-robin across districts, so stores spread over the city."""
    slots = []
    for round_ in range(max(len(d.areas) for d in city.districts)):
        slots += [(d, *d.areas[round_]) for d in city.districts if round_ < len(d.areas)]
    return slots
