"""Console pages for managers: recording a departure (customers handed over) and changing a customer's advisor."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from aftercare.console.tests.conftest import login_staff, without_tokens
from aftercare.network.models import AdvisorHandover, Customer, Staff, Store
from aftercare.network.tests.factories import CustomerFactory, StaffFactory, StoreFactory, network_snapshot

pytestmark = pytest.mark.django_db


@dataclass
class Team:
    """One store: a leaving advisor with 3 customers, a busy one with 2, an idle one, a technician."""

    store: Store
    leaving: Staff
    busy: Staff
    idle: Staff
    technician: Staff


@pytest.fixture
def team() -> Team:
    store = StoreFactory()
    team = Team(
        store=store,
        leaving=StaffFactory(store=store, display_name="离职顾问"),
        busy=StaffFactory(store=store, display_name="忙碌顾问"),
        idle=StaffFactory(store=store, display_name="空闲顾问"),
        technician=StaffFactory(store=store, display_name="技师", technician=True),
    )
    for _ in range(3):
        CustomerFactory(dealer_group=store.dealer_group, advisor=team.leaving)
    for _ in range(2):
        CustomerFactory(dealer_group=store.dealer_group, advisor=team.busy)
    return team


@pytest.fixture
def manager(client: Client, team: Team) -> Staff:
    """A store manager of the team's store: may record departures and hand customers over."""
    client.cookies["django_language"] = "en"  # messages are asserted in the English msgids
    return login_staff(client, store=team.store, manager=True, display_name="店长")


def depart_url(staff: Staff) -> str:
    return reverse("console:store-staff-depart", args=[staff.pk])


def advisors_of(staff: Staff) -> set[int]:
    return set(Customer.objects.filter(advisor=staff).values_list("pk", flat=True))


def option_values(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, f"no <select name={name}>"
    return re.findall(r'<option value="([^"]*)"', select.group(0))


# ---------- Departure ----------


def test_store_page_offers_the_departure_to_managers_for_others_only(client: Client, team: Team, manager) -> None:
    page = client.get(reverse("console:store", args=[team.store.pk]))
    assert page.status_code == 200
    for member in (team.leaving, team.busy, team.idle, team.technician):
        assert f'href="{depart_url(member)}"' in page.text
    assert f'href="{depart_url(manager)}"' not in page.text, "nobody records their own departure here"


def test_departure_page_shows_the_load_and_the_other_advisors_with_theirs(
    client: Client, team: Team, manager, django_assert_max_num_queries
) -> None:
    StaffFactory(display_name="外店顾问")  # another group's advisor is never offered
    with django_assert_max_num_queries(12):  # a fixed number, however many advisors
        page = client.get(depart_url(team.leaving))
    assert page.status_code == 200
    assert "3 customers" in page.text
    assert option_values(page.text, "successor_id") == ["", str(team.busy.pk), str(team.idle.pk)]
    assert "Least loaded, chosen automatically" in page.text
    assert "忙碌顾问 · 2 customers" in page.text and "空闲顾问 · 0 customers" in page.text
    assert "外店顾问" not in page.text and "技师 ·" not in page.text


def test_departure_goes_to_the_least_loaded_advisor_by_default(client: Client, team: Team, manager) -> None:
    moving = advisors_of(team.leaving)
    response = client.post(depart_url(team.leaving), {"successor_id": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("console:store", args=[team.store.pk])
    assert advisors_of(team.idle) == moving and not advisors_of(team.leaving)
    team.leaving.refresh_from_db()
    assert team.leaving.left_on is not None and not team.leaving.user.is_active
    assert AdvisorHandover.objects.filter(from_advisor=team.leaving, to_advisor=team.idle).count() == 3
    store_page = client.get(response["Location"])
    assert "Departure of 离职顾问 recorded. 3 customers moved to 空闲顾问." in store_page.text
    assert f'href="{depart_url(team.leaving)}"' not in store_page.text, "they are no longer on the staff list"


def test_departure_to_the_chosen_successor(client: Client, team: Team, manager) -> None:
    moving = advisors_of(team.leaving)
    response = client.post(depart_url(team.leaving), {"successor_id": str(team.busy.pk)})
    assert response.status_code == 302
    assert advisors_of(team.busy) >= moving and len(advisors_of(team.busy)) == 5
    assert "3 customers moved to 忙碌顾问." in client.get(response["Location"]).text


def test_departure_of_someone_without_customers(client: Client, team: Team, manager) -> None:
    page = client.get(depart_url(team.technician))
    assert 'name="successor_id"' not in page.text, "nobody to hand over, nothing to choose"
    response = client.post(depart_url(team.technician), {})
    assert response.status_code == 302
    assert "There were no customers to hand over." in client.get(response["Location"]).text
    assert AdvisorHandover.objects.count() == 0


@pytest.mark.parametrize("who", ["technician", "foreign advisor", "the leaver", "not a number"])
def test_a_bad_successor_shows_the_error_and_changes_nothing(client: Client, team: Team, manager, who: str) -> None:
    successor_id = {
        "technician": str(team.technician.pk),
        "foreign advisor": str(StaffFactory().pk),
        "the leaver": str(team.leaving.pk),
        "not a number": "abc",
    }[who]
    before = network_snapshot()
    response = client.post(depart_url(team.leaving), {"successor_id": successor_id})
    assert response.status_code == 400
    assert 'data-field="successor_id"' in response.text
    assert 'class="alert alert-error"' in response.text
    assert network_snapshot() == before


def test_no_advisor_left_to_take_over_is_explained(client: Client) -> None:
    store = StoreFactory()
    client.cookies["django_language"] = "en"
    login_staff(client, store=store, manager=True)
    alone = StaffFactory(store=store, display_name="唯一顾问")
    CustomerFactory(dealer_group=store.dealer_group, advisor=alone)
    before = network_snapshot()
    page = client.get(depart_url(alone))
    assert "No other active advisor in this dealer group can take over" in page.text
    assert 'name="successor_id"' not in page.text and "btn-danger" not in page.text
    forged = client.post(depart_url(alone), {"successor_id": ""})
    assert forged.status_code == 400
    assert "No other active advisor in this dealer group can take over" in forged.text
    assert network_snapshot() == before


def test_a_departure_is_recorded_once(client: Client, team: Team, manager) -> None:
    assert client.post(depart_url(team.idle), {}).status_code == 302
    before = network_snapshot()
    page = client.get(depart_url(team.idle))
    assert page.status_code == 200 and "was already recorded" in page.text and "btn-danger" not in page.text
    again = client.post(depart_url(team.idle), {})
    assert again.status_code == 400 and "was already recorded" in again.text
    assert network_snapshot() == before


def test_departure_is_hidden_and_refused_without_the_permission(client: Client, team: Team) -> None:
    login_staff(client, store=team.store)  # a senior advisor: no network.manage_staff
    before = network_snapshot()
    page = client.get(reverse("console:store", args=[team.store.pk]))
    assert page.status_code == 200 and "/depart/" not in page.text
    assert client.get(depart_url(team.leaving)).status_code == 403
    forged = client.post(depart_url(team.leaving), {"successor_id": str(team.idle.pk)})
    assert forged.status_code == 403
    assert "403" in forged.text
    assert network_snapshot() == before


def test_foreign_staff_is_404_exactly_like_a_missing_one(client: Client, manager) -> None:
    foreign = StaffFactory()
    CustomerFactory(dealer_group=foreign.dealer_group, advisor=foreign)
    StaffFactory(store=foreign.store)
    before = network_snapshot()
    missing = client.get(reverse("console:store-staff-depart", args=[999_999]))
    other = client.get(depart_url(foreign))
    assert missing.status_code == other.status_code == 404
    assert without_tokens(missing.text) == without_tokens(other.text)
    assert client.post(depart_url(foreign), {"successor_id": ""}).status_code == 404
    assert network_snapshot() == before


def test_departure_needs_the_csrf_token(team: Team) -> None:
    strict = Client(enforce_csrf_checks=True)
    login_staff(strict, store=team.store, manager=True)
    before = network_snapshot()
    assert strict.post(depart_url(team.leaving), {"successor_id": ""}).status_code == 403
    assert network_snapshot() == before


# ---------- Changing a customer's advisor ----------


def customer_url(customer: Customer, suffix: str = "") -> str:
    return reverse("console:customer", args=[customer.pk]) + suffix


def test_customer_page_offers_the_other_advisors(client: Client, team: Team, manager) -> None:
    customer = Customer.objects.filter(advisor=team.leaving).first()
    page = client.get(customer_url(customer))
    assert page.status_code == 200
    assert f'action="{customer_url(customer, "advisor/")}"' in page.text
    assert option_values(page.text, "advisor_id") == ["", str(team.busy.pk), str(team.idle.pk)]
    assert "No handovers yet" in page.text


def test_change_the_advisor_and_see_the_handover(client: Client, team: Team, manager) -> None:
    customer = Customer.objects.filter(advisor=team.leaving).first()
    response = client.post(customer_url(customer, "advisor/"), {"advisor_id": str(team.idle.pk)})
    assert response.status_code == 302 and response["Location"] == customer_url(customer)
    customer.refresh_from_db()
    assert customer.advisor == team.idle
    handover = AdvisorHandover.objects.get()
    assert (handover.from_advisor, handover.to_advisor, handover.reason, handover.by_user_id) == (
        team.leaving,
        team.idle,
        "reassigned",
        manager.user_id,
    )
    page = client.get(response["Location"])
    assert "空闲顾问 is now this customer&#x27;s dedicated advisor." in page.text
    row = re.search(r"<tbody>.*?</tbody>", page.text.split('id="handovers"')[1], re.S)
    assert row and all(text in row.group(0) for text in ("离职顾问", "空闲顾问", "Reassigned"))


def test_customer_page_with_many_handovers_has_a_fixed_query_count(
    client: Client, team: Team, manager, django_assert_max_num_queries
) -> None:
    customer = Customer.objects.filter(advisor=team.leaving).first()
    for advisor in (team.idle, team.busy, team.idle, team.busy):
        client.post(customer_url(customer, "advisor/"), {"advisor_id": str(advisor.pk)})
    assert AdvisorHandover.objects.count() == 4
    with django_assert_max_num_queries(20):
        page = client.get(customer_url(customer))
    assert page.text.count("Reassigned") == 4


@pytest.mark.parametrize("advisor", ["", "technician", "foreign advisor", "departed advisor"])
def test_a_bad_advisor_shows_the_error_and_changes_nothing(client: Client, team: Team, manager, advisor: str) -> None:
    customer = Customer.objects.filter(advisor=team.leaving).first()
    departed = StaffFactory(store=team.store)
    departed.left_on = departed.joined_on
    departed.save()
    advisor_id = {
        "": "",
        "technician": str(team.technician.pk),
        "foreign advisor": str(StaffFactory().pk),
        "departed advisor": str(departed.pk),
    }[advisor]
    before = network_snapshot()
    response = client.post(customer_url(customer, "advisor/"), {"advisor_id": advisor_id})
    assert response.status_code == 400
    assert 'data-field="advisor_id"' in response.text
    assert network_snapshot() == before


def test_advisor_change_is_hidden_and_refused_without_the_permission(client: Client, team: Team) -> None:
    login_staff(client, store=team.store)  # a senior advisor: no network.handover_customers
    customer = Customer.objects.filter(advisor=team.leaving).first()
    before = network_snapshot()
    page = client.get(customer_url(customer))
    assert page.status_code == 200
    assert "advisor/" not in page.text and 'name="advisor_id"' not in page.text
    assert 'id="handovers"' in page.text, "the history itself is no secret to colleagues"
    assert client.post(customer_url(customer, "advisor/"), {"advisor_id": str(team.idle.pk)}).status_code == 403
    assert network_snapshot() == before


def test_foreign_customer_advisor_change_is_404_like_a_missing_one(client: Client, manager) -> None:
    foreign_advisor = StaffFactory()
    foreign = CustomerFactory(dealer_group=foreign_advisor.dealer_group)
    before = network_snapshot()
    missing = client.post(reverse("console:customer-advisor", args=[999_999]), {"advisor_id": str(foreign_advisor.pk)})
    other = client.post(customer_url(foreign, "advisor/"), {"advisor_id": str(foreign_advisor.pk)})
    assert missing.status_code == other.status_code == 404
    assert without_tokens(missing.text) == without_tokens(other.text)
    assert network_snapshot() == before


def test_advisor_change_needs_the_csrf_token(team: Team) -> None:
    strict = Client(enforce_csrf_checks=True)
    login_staff(strict, store=team.store, manager=True)
    customer = Customer.objects.filter(advisor=team.leaving).first()
    before = network_snapshot()
    assert strict.post(customer_url(customer, "advisor/"), {"advisor_id": str(team.idle.pk)}).status_code == 403
    assert network_snapshot() == before
