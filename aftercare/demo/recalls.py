"""Demo recalls: a slice of the real NHTSA files when the shared data is there, and domestic-brand campaigns
written the way SAMR (国家市场监督管理总局) announcements read, so demo cars carry open recalls.

The SAMR-style campaigns are demo data: their wording follows real announcements, but the numbers and
facts are invented for the demo and marked with a DEMO- prefix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from aftercare.recalls import matching, rules
from aftercare.recalls.choices import RecallKind, RecallSource
from aftercare.recalls.importers import recalls_import
from aftercare.recalls.models import RecallCampaign, RecallCoverage

# Small real files: the 2025-26 recall-document index (about 200 vehicle campaigns, Tesla and Volvo among
# them) and the 100-row FLAT_RCL sample. The 20-make subset is left to `aftercare import recalls`.
NHTSA_SLICE = ("recalls/nhtsa_RCL_FROM_2025_2026.zip", "recalls/nhtsa_flat_rcl_sample_100.tsv")


@dataclass(frozen=True)
class DemoCampaign:
    number: str
    kind: str
    manufacturer: str
    component: str
    summary: str
    consequence: str
    remedy: str
    reported: dt.date
    covers: tuple[tuple[str, str, int, int], ...]  # make, model, first year, last year


SAMR_STYLE = (
    DemoCampaign(
        "DEMO-S2024-0117", RecallKind.SAFETY_RECALL, "比亚迪汽车工业有限公司", "前机舱高压线束",
        "由于供应商生产原因，召回范围内部分车辆前机舱高压线束固定卡扣强度不足，车辆长期颠簸行驶后线束可能与周边部件摩擦导致绝缘层破损。",
        "极端情况下可能导致高压绝缘故障报警、车辆无法上电，存在安全隐患。",
        "比亚迪汽车将为召回范围内的车辆免费检查并加装线束保护套、更换加强型固定卡扣，以消除安全隐患。",
        dt.date(2024, 3, 22), (("比亚迪", "汉EV", 2020, 2024), ("比亚迪", "汉DM-i", 2021, 2024)),
    ),
    DemoCampaign(
        "DEMO-S2023-0406", RecallKind.SAFETY_RECALL, "上汽通用五菱汽车股份有限公司", "后悬架扭力梁",
        "由于零部件焊接工艺原因，召回范围内部分车辆后悬架扭力梁焊缝强度不足，长期使用后焊缝处可能产生裂纹。",
        "极端情况下可能导致后悬架变形，影响车辆操控稳定性，存在安全隐患。",
        "上汽通用五菱将为召回范围内的车辆免费检查后扭力梁焊缝，对存在问题的车辆免费更换改进后的后扭力梁总成。",
        dt.date(2023, 4, 6), (("五菱", "宏光MINIEV", 2020, 2022),),
    ),
    DemoCampaign(
        "DEMO-S2023-1102", RecallKind.SAFETY_RECALL, "长城汽车股份有限公司", "燃油泵",
        "由于供应商生产原因，召回范围内部分车辆燃油泵叶轮可能因吸收燃油而变形，导致燃油泵工作异常。",
        "极端情况下可能导致发动机熄火且无法重新启动，增加碰撞风险，存在安全隐患。",
        "长城汽车将为召回范围内的车辆免费更换改进后的燃油泵总成。",
        dt.date(2023, 11, 2), (("哈弗", "H6", 2017, 2020), ("哈弗", "大狗", 2020, 2021)),
    ),
    DemoCampaign(
        "DEMO-S2024-0628", RecallKind.SAFETY_RECALL, "特斯拉（上海）有限公司", "前悬架下摆臂",
        "由于供应商零部件原因，召回范围内部分车辆前悬架下摆臂球头可能存在制造偏差，在车辆受到较大冲击时可能发生断裂。",
        "极端情况下可能导致车辆失去转向控制，增加碰撞风险，存在安全隐患。",
        "特斯拉将为召回范围内的车辆免费检查并更换前悬架下摆臂。",
        dt.date(2024, 6, 28), (("特斯拉", "Model 3", 2020, 2022), ("特斯拉", "Model Y", 2021, 2022)),
    ),
    DemoCampaign(
        "DEMO-T2023-0815", RecallKind.TECHNICAL_UPGRADE, "东风本田汽车有限公司", "发动机控制单元软件",
        "部分 1.5T 车辆在低温环境下短途行驶时，燃油可能混入机油导致机油液位升高（俗称机油增多）。",
        "长期机油稀释可能影响发动机润滑，出现发动机故障灯点亮。",
        "东风本田将为涉及车辆免费升级发动机控制单元软件、更换机油机滤，并延长发动机相关部件保修期。",
        dt.date(2023, 8, 15), (("东风本田", "CR-V", 2017, 2019),),
    ),
    DemoCampaign(
        "DEMO-T2024-0309", RecallKind.TECHNICAL_UPGRADE, "上汽大众汽车有限公司", "七速双离合变速箱控制软件",
        "部分车辆七速双离合变速箱在低速走走停停工况下换挡可能出现顿挫，机电单元压力传感器读数偏差。",
        "影响驾驶平顺性，极少数情况下变速箱进入保护模式。",
        "上汽大众将为涉及车辆免费升级变速箱控制单元软件，并检查机电单元，必要时免费更换。",
        dt.date(2024, 3, 9), (("上汽大众", "途观L", 2017, 2024), ("上汽大众", "帕萨特", 2017, 2020)),
    ),
)  # fmt: skip


def _samr_campaigns() -> list[int]:
    """Create (or refresh) the domestic demo campaigns; returns their ids."""
    aliases = matching.aliases_load()
    ids = []
    for demo in SAMR_STYLE:
        campaign, _ = RecallCampaign.objects.update_or_create(
            number=demo.number,
            defaults={
                "source": RecallSource.SAMR,
                "kind": demo.kind,
                "manufacturer": demo.manufacturer,
                "component": demo.component,
                "summary": demo.summary,
                "consequence": demo.consequence,
                "remedy": demo.remedy,
                "report_date": demo.reported,
            },
        )
        campaign.coverages.all().delete()
        RecallCoverage.objects.bulk_create(
            RecallCoverage(campaign=campaign, make=make, model=model, make_key=rules.make_key(make, aliases),
                           model_key=rules.model_key(model), year_from=first, year_to=last)
            for make, model, first, last in demo.covers
        )  # fmt: skip
        ids.append(campaign.pk)
    return ids


def recalls_demo() -> matching.MatchReport:
    """Load the NHTSA slice (when the shared data is there) and the domestic campaigns, then match the fleet."""
    data_dir = Path(settings.AFTERCARE_DATA_DIR)
    for relative in NHTSA_SLICE:
        path = data_dir / relative
        if path.exists():
            recalls_import(path=path, match=False)
    _samr_campaigns()
    # The demo writes cars in bulk, past the save hook: one fleet run matches them all and tells the owners.
    return matching.fleet_match()
