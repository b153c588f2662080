"""The shared VIN check (API, pages, `aftercare vin check`): codes plus messages in the active language."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import translation
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aftercare.kernel import vin as vinlib
from aftercare.vehicles import vincheck
from aftercare.vehicles.errors import VIN_MESSAGES, vin_message
from aftercare.vehicles.models import Wmi
from aftercare.vehicles.tests.conftest import assert_chinese
from aftercare.vehicles.vincheck import vin_check

pytestmark = pytest.mark.django_db

ALLOWED = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"


@st.composite
def chinese_vins(draw: st.DrawFn) -> str:
    body = "L" + draw(st.text(alphabet=ALLOWED, min_size=16, max_size=16))
    return body[:8] + vinlib.check_digit(body) + body[9:]


@settings(max_examples=150, deadline=None)
@given(chinese_vins(), st.integers(min_value=1, max_value=16), st.sampled_from(ALLOWED))
def test_a_mistyped_vin_is_explained_by_the_check_digit(vin: str, position: int, new: str) -> None:
    changed = vin[:position] + new + vin[position + 1 :]
    assume(vinlib.check_digit(changed) != changed[8])  # same-value substitutions are not detectable
    with translation.override("en"):
        result = vin_check(changed)
    assert result["valid"] is False
    assert [e["code"] for e in result["errors"]] == ["vin_check_digit"]
    message = result["errors"][0]["message"]
    assert message.startswith("The check digit (position 9) does not match")
    assert f"it is {changed[8]} but the other characters require {vinlib.check_digit(changed)}" in message


def test_every_issue_code_has_a_message_in_both_languages() -> None:
    samples = {
        "vin_length": {"length": 3, "expected": 17},
        "vin_forbidden_letters": {"letters": "I"},
        "vin_invalid_characters": {"characters": "#"},
        "vin_check_digit": {"actual": "3", "expected": "2"},
        "vin_model_year_unknown": {"code": "U"},
        "vin_serial_not_numeric": {},
    }
    assert set(samples) == set(VIN_MESSAGES)
    chinese_messages = []
    for code, params in samples.items():
        issue = vinlib.VinIssue(code, params)
        with translation.override("en"):
            english = vin_message(issue)
        with translation.override("zh-hans"):
            chinese = vin_message(issue)
        assert english and chinese
        assert "%(" not in english and "%(" not in chinese
        chinese_messages.append(chinese)
    for chinese in chinese_messages:
        assert_chinese(chinese)


def test_vin_check_reports_warnings_separately() -> None:
    body = "LSVAB2C10UABCDEF1"
    vin = body[:8] + vinlib.check_digit(body) + body[9:]
    result = vin_check(vin)
    assert result["valid"] is True and result["errors"] == []
    assert [w["code"] for w in result["warnings"]] == ["vin_model_year_unknown", "vin_serial_not_numeric"]
    assert result["manufacturer"] == "SAIC Volkswagen 上汽大众" and result["model_year"] is None


@pytest.mark.parametrize(("vin", "exit_code"), [("LSJA24U62JG269225", None), ("LSJA24U63JG269225", 1)])
def test_vin_check_command_prints_json_and_sets_the_exit_code(vin: str, exit_code: int | None) -> None:
    out = io.StringIO()
    if exit_code is None:
        call_command("vin", "check", vin, stdout=out)
    else:
        with pytest.raises(SystemExit) as exc:
            call_command("vin", "check", vin, stdout=out)
        assert exc.value.code == exit_code
    result = json.loads(out.getvalue())
    assert result["vin"] == vin and result["valid"] is (exit_code is None)
    if exit_code:
        assert "position 9" in result["errors"][0]["message"]


def test_vin_check_command_speaks_chinese_on_request() -> None:
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("vin", "check", "LSJA24U63JG269225", "--lang", "zh-hans", stdout=out)
    message = json.loads(out.getvalue())["errors"][0]["message"]
    assert message
    assert_chinese(message)


@pytest.mark.django_db
def test_the_bundled_wmi_table_is_there_after_migrate() -> None:
    assert Wmi.objects.get(code="LSV").manufacturer == "SAIC Volkswagen 上汽大众"
    assert vin_check("LSVAB2C18K1000000")["manufacturer"] == "SAIC Volkswagen 上汽大众"


def test_vin_check_works_before_the_database_exists(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def no_table(**kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("no such table: vehicles_wmi")

    monkeypatch.setattr(vincheck, "wmi_lookup", no_table)
    result = vin_check("LSVAB2C18K1000000")
    assert result["valid"] and result["manufacturer"] == "SAIC Volkswagen 上汽大众"
