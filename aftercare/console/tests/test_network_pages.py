"""Console customer, store and inbox pages: masking, reveal with audit, tenancy, permissions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aftercare.audit.models import AuditEntry
from aftercare.console.tests.conftest import login_staff, make_car, without_tokens
from aftercare.network.tests.factories import ServiceBayFactory, SkillFactory, StaffFactory, StoreFactory
from aftercare.notifications.models import InboxMessage
from aftercare.owners.services import consent_record

pytestmark = pytest.mark.django_db


def customer_url(car, suffix: str = "") -> str:  # type: ignore[no-untyped-def]
    return reverse("console:customer", args=[car.customer.pk]) + suffix


def test_customer_list_is_masked_and_scoped(client: Client, advisor, django_assert_max_num_queries) -> None:
    mine = [make_car(advisor, name=f"王{i}号", phone=f"+861381234567{i}") for i in range(3)]
    foreign = make_car(name="外人", phone="+8613999999999")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("console:customers"))
    assert page.status_code == 200
    assert all(customer_url(car) in page.text for car in mine)
    assert "王**" in page.text and "138****5670" in page.text
    assert "王0号" not in page.text and "13812345670" not in page.text
    assert customer_url(foreign) not in page.text


def test_customer_page_is_masked_with_cars_and_consents(client: Client, advisor) -> None:
    car = make_car(advisor, name="王小明", phone="+8613812345678", email="wang@example.com")
    consent_record(owner_id=car.owner.pk, purpose="marketing", granted=True, channel="store", recorded_by_id=None)
    page = client.get(customer_url(car))
    assert page.status_code == 200
    assert "王**" in page.text and "138****5678" in page.text and "w*****@example.com" in page.text
    assert "王小明" not in page.text and "13812345678" not in page.text and "wang@example.com" not in page.text
    assert reverse("console:vehicle", args=[car.vehicle.pk]) in page.text
    assert page.text.count('class="badge badge-ok"') == 1
    assert f'action="{customer_url(car, "reveal/")}"' in page.text


def test_foreign_customer_is_404_exactly_like_a_missing_one(client: Client, advisor) -> None:
    foreign = make_car()
    missing = client.get(reverse("console:customer", args=[999_999]))
    other = client.get(customer_url(foreign))
    assert missing.status_code == other.status_code == 404
    assert without_tokens(missing.text) == without_tokens(other.text)
    assert client.post(customer_url(foreign, "reveal/"), {"reason": "x"}).status_code == 404
    assert AuditEntry.objects.count() == 0


def test_reveal_shows_full_data_once_and_is_audited(client: Client, advisor) -> None:
    car = make_car(advisor, name="王小明", phone="+8613812345678")
    response = client.post(customer_url(car, "reveal/"), {"reason": "客户要求回电"})
    assert response.status_code == 200
    assert "王小明" in response.text and "+8613812345678" in response.text
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get()
    assert entry.reason == "客户要求回电" and entry.actor_id == advisor.user_id
    assert "王小明" not in client.get(customer_url(car)).text, "the next visit is masked again"


def test_reveal_needs_a_reason(client: Client, advisor) -> None:
    car = make_car(advisor, name="王小明")
    response = client.post(customer_url(car, "reveal/"), {"reason": "  "})
    assert response.status_code == 400
    assert 'data-field="reason"' in response.text
    assert "王小明" not in response.text
    assert AuditEntry.objects.count() == 0


def test_reveal_is_hidden_and_refused_without_the_permission(client: Client) -> None:
    staff = login_staff(client, level="junior")  # junior advisors may not reveal
    car = make_car(staff, name="王小明")
    page = client.get(customer_url(car))
    assert "reveal/" not in page.text
    response = client.post(customer_url(car, "reveal/"), {"reason": "curious"})
    assert response.status_code == 403
    assert "王小明" not in response.text
    assert AuditEntry.objects.count() == 0


def test_store_pages(client: Client, advisor) -> None:
    store = advisor.store
    bay = ServiceBayFactory(store=store, name="1号工位")
    bay.skills.add(SkillFactory(code="alignment", name="四轮定位", name_en="Wheel alignment"))
    StaffFactory(store=store, display_name="李师傅", role="technician", level="intermediate")
    listing = client.get(reverse("console:stores"))
    assert listing.status_code == 200 and store.name in listing.text
    page = client.get(reverse("console:store", args=[store.pk]))
    assert page.status_code == 200
    for text in ("1号工位", "四轮定位", "李师傅", "08:30–18:00", store.address):
        assert text in page.text
    client.cookies["django_language"] = "en"
    assert "Wheel alignment" in client.get(reverse("console:store", args=[store.pk])).text


def test_foreign_store_is_404_exactly_like_a_missing_one(client: Client, advisor) -> None:
    foreign = StoreFactory()
    missing = client.get(reverse("console:store", args=[999_999]))
    other = client.get(reverse("console:store", args=[foreign.pk]))
    assert missing.status_code == other.status_code == 404
    assert without_tokens(missing.text) == without_tokens(other.text)
    assert foreign.name not in client.get(reverse("console:stores")).text


def test_inbox_shows_only_my_messages_and_marks_them_read(client: Client, advisor) -> None:
    mine = InboxMessage.objects.create(recipient=advisor.user, kind="note", title="给你的消息")
    other = InboxMessage.objects.create(recipient=StaffFactory().user, kind="note", title="别人的消息")
    page = client.get(reverse("console:inbox"))
    assert "给你的消息" in page.text and "别人的消息" not in page.text
    assert client.post(reverse("console:inbox-read", args=[other.pk])).status_code == 404
    assert client.post(reverse("console:inbox-read", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at is not None and other.read_at is None
