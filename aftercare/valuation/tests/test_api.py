"""The valuation API: quotes, a car's worth, offers and the offer link; bad input in both languages."""

from __future__ import annotations

import json
import zipfile

import pytest
from django.test import Client
from django.utils import translation

from aftercare.accounts.services import api_token_create
from aftercare.network.tests.factories import StaffFactory, StoreFactory
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.valuation import conf
from aftercare.valuation.models import Offer, OfferPrice
from aftercare.valuation.tests.conftest import in_both
from aftercare.valuation.tests.factories import priceable_vehicle

pytestmark = pytest.mark.django_db
QUOTE = {"make": "audi", "model": "a4", "model_year": 2018, "mileage_km": 60_000, "fuel": "diesel",
         "transmission": "manual", "engine_l": 2.0}  # fmt: skip


@pytest.fixture
def world(served):
    store = StoreFactory()
    manager = StaffFactory(store=store, manager=True)
    owner = OwnerFactory(login=True)
    car = priceable_vehicle(dealer_group=store.dealer_group, owner=owner)
    return {
        "car": car,
        "manager": api_token_create(user=manager.user, name="t")[1],
        "owner": api_token_create(user=owner.user, name="t")[1],
        "outsider": api_token_create(user=StaffFactory(manager=True).user, name="t")[1],
    }


def _call(client: Client, method: str, url: str, key: str | None, body=None, lang: str = "en"):
    headers = {"HTTP_ACCEPT_LANGUAGE": lang}
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    if body is not None:
        headers |= {"data": json.dumps(body), "content_type": "application/json"}
    response = client.generic(method, url, **headers)
    return response.status_code, response.json()


def test_a_quote_has_price_interval_factors_and_the_models_measured_error(client, world):
    status, body = _call(client, "POST", "/api/v1/valuation/quotes", world["manager"], QUOTE)
    assert status == 200, body
    assert float(body["low"]) < float(body["price"]) < float(body["high"])
    assert body["currency"] == "GBP" and body["schema_name"] == "uk" and body["market"] == "GB"
    assert body["interval_coverage"] == 0.8 and body["measured"]["mape"] > 0
    assert body["factors"] and all(f["text"].endswith(".") for f in body["factors"])
    graded = _call(client, "POST", "/api/v1/valuation/quotes", world["owner"], QUOTE | {"condition_grade": "excellent"})
    assert graded[0] == 200 and float(graded[1]["price"]) > float(body["price"])


def test_the_measured_error_is_the_one_for_cars_given_the_same_inputs(client, world, served):
    from aftercare.valuation.pricing import artifact

    by_inputs = artifact.read_meta(served)["metrics"]["by_inputs"]
    bare = {k: QUOTE[k] for k in ("make", "model", "model_year", "mileage_km")}
    richer = bare | {"fuel": "petrol", "transmission": "manual", "engine_l": 2.0}
    answers = {}
    for name, quote in (("bare", bare), ("richer", richer)):
        status, body = _call(client, "POST", "/api/v1/valuation/quotes", world["manager"], quote)
        assert status == 200, body
        answers[name] = body
    assert answers["bare"]["priced_by"] == "blank:engine_l,fuel,transmission"
    assert answers["richer"]["priced_by"] == "blank:"
    for body in answers.values():
        assert body["measured"]["mape"] == by_inputs[body["priced_by"]]["mape"]
    width = {k: (float(b["high"]) - float(b["low"])) / float(b["price"]) for k, b in answers.items()}
    assert width["bare"] > width["richer"]


def test_quotes_need_a_login(client, world):
    status, body = _call(client, "POST", "/api/v1/valuation/quotes", None, QUOTE)
    assert (status, body["code"]) == (401, "not_authenticated")


@pytest.mark.parametrize(
    ("change", "field", "english"),
    [
        ({"make": "trabant"}, "make", "The valuation model does not know this make."),
        ({"model_year": 1890}, "model_year", "This value is out of range."),
        ({"mileage_km": -5}, "mileage_km", "This value is out of range."),
        ({"condition_grade": "mint"}, "condition_grade", "Choose excellent, good, fair or poor."),
    ],
)
def test_bad_quotes_name_the_field_in_both_languages(client, world, change, field, english):
    status, body = _call(client, "POST", "/api/v1/valuation/quotes", world["manager"], QUOTE | change)
    assert (status, body["code"], body["fields"]) == (400, "invalid_input", {field: [english]})
    assert body["message"] == "Please correct the highlighted fields."
    in_both(lambda: _call(client, "POST", "/api/v1/valuation/quotes", world["manager"], QUOTE | change,
                          lang=translation.get_language())[1]["fields"][field][0])  # fmt: skip


def test_a_cars_worth_is_scoped_like_the_car(client, world):
    url = f"/api/v1/vehicles/{world['car'].pk}/valuation"
    for key in ("manager", "owner"):
        status, body = _call(client, "GET", url, world[key])
        assert status == 200 and body["currency"] == "GBP", body
    assert _call(client, "GET", url, world["outsider"])[0] == 404


def test_an_offer_is_made_once_and_its_link_opens_without_login(client, world):
    url = f"/api/v1/vehicles/{world['car'].pk}/offers"
    assert _call(client, "POST", url, world["owner"])[0] == 403
    assert _call(client, "POST", url, world["outsider"])[0] == 404
    assert not Offer.objects.exists()
    status, offer = _call(client, "POST", url, world["manager"])
    assert status == 201, offer
    assert offer["warranty_systems"] == ["engine", "steering", "transmission", "brakes", "suspension"]
    again = _call(client, "POST", url, world["manager"])
    assert (again[0], again[1]["code"]) == (409, "offer_already_open") and OfferPrice.objects.count() == 1
    status, doc = _call(client, "GET", f"/api/v1/offers/by-link/{offer['link_token']}", None)
    assert status == 200 and doc["price"] == offer["price"] and "id" not in doc and "vehicle_id" not in doc
    assert _call(client, "GET", "/api/v1/offers/by-link/" + "x" * 32, None)[0] == 404
    assert _call(client, "GET", f"/api/v1/offers/{offer['id']}", world["owner"])[0] == 200
    assert _call(client, "GET", f"/api/v1/offers/{offer['id']}", world["outsider"])[0] == 404


def test_no_model_or_a_model_without_metrics_is_refused_for_serving(client, world, settings, tmp_path, served):
    settings.AFTERCARE_VALUATION_MODEL = str(tmp_path / "missing.zip")
    conf._cache.clear()
    status, body = _call(client, "POST", "/api/v1/valuation/quotes", world["manager"], QUOTE)
    assert (status, body["code"]) == (503, "valuation_model_missing")
    bare = tmp_path / "bare.zip"
    with zipfile.ZipFile(served) as zin, zipfile.ZipFile(bare, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "meta.json":
                meta = json.loads(data)
                meta.pop("metrics")
                data = json.dumps(meta).encode()
            zout.writestr(item, data)
    settings.AFTERCARE_VALUATION_MODEL = str(bare)
    conf._cache.clear()
    status, body = _call(client, "POST", "/api/v1/valuation/quotes", world["manager"], QUOTE)
    assert (status, body["code"]) == (503, "valuation_model_without_metrics")
    assert "no stored accuracy metrics" in body["message"]
    in_both(lambda: _call(client, "POST", "/api/v1/valuation/quotes", world["manager"], QUOTE,
                          lang=translation.get_language())[1]["message"])  # fmt: skip
