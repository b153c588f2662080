"""Factories for recall campaigns, their coverage and their matches; a small world for API table tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from aftercare.recalls import rules
from aftercare.recalls.choices import RecallKind, RecallSource
from aftercare.recalls.models import RecallCampaign, RecallCoverage, VehicleRecall


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecallCampaign

    number = factory.Sequence(lambda n: f"S2025-{n:04d}")
    source = RecallSource.SAMR
    kind = RecallKind.SAFETY_RECALL
    manufacturer = "上汽大众汽车有限公司"
    component = "燃油泵"
    summary = "部分车辆燃油泵叶轮可能变形，导致燃油泵失效。"
    remedy = "免费更换改进后的燃油泵。"
    report_date = dt.date(2025, 3, 1)


class CoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecallCoverage

    campaign = factory.SubFactory(CampaignFactory)
    make = "上汽大众"
    model = "朗逸"
    make_key = factory.LazyAttribute(lambda o: rules.make_key(o.make))
    model_key = factory.LazyAttribute(lambda o: rules.model_key(o.model))
    year_from = 2018
    year_to = 2020


class VehicleRecallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VehicleRecall

    vehicle = factory.SubFactory("aftercare.vehicles.tests.factories.VehicleFactory")
    campaign = factory.SubFactory(CampaignFactory)
    matched_at = factory.LazyFunction(timezone.now)


def recall_world(vehicle_ids_by_group: dict[int, list[int]]) -> tuple[list[int], dict[int, list[int]]]:
    """Campaigns and one open recall per car of every group: (campaign ids, group id -> vehicle-recall ids)."""
    campaigns = [CampaignFactory().pk for _ in range(12)]
    by_group: dict[int, list[int]] = {}
    for group_id, vehicle_ids in vehicle_ids_by_group.items():
        by_group[group_id] = [
            VehicleRecall.objects.create(vehicle_id=v, campaign_id=campaigns[n % 3], matched_at=timezone.now()).pk
            for n, v in enumerate(vehicle_ids)
        ]
    return campaigns, by_group


EXISTING_NUMBER = "SAMR-TEST-1"


def open_recall_for(vehicle_id: int) -> int:
    """An open recall (campaign EXISTING_NUMBER) on one car; returns the vehicle-recall id."""
    campaign = CampaignFactory(number=EXISTING_NUMBER)
    return VehicleRecall.objects.create(vehicle_id=vehicle_id, campaign=campaign, matched_at=timezone.now()).pk
