"""VIN validation and decoding (GB 16735-2019 / ISO 3779 / 49 CFR 565), pure: no database."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from aftercare.kernel import vin as vinlib

ALLOWED = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O, Q
CHECK_VALUES = {**{str(d): d for d in range(10)}, "X": 10}
# REFERENCE.md §5 transliteration table, written out independently of the code under test.
TRANSLITERATION = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", [1, 2, 3, 4, 5, 6, 7, 8], strict=True)),
    **dict(zip("JKLMNPR", [1, 2, 3, 4, 5, 7, 9], strict=True)),
    **dict(zip("STUVWXYZ", [2, 3, 4, 5, 6, 7, 8, 9], strict=True)),
}
WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def reference_check_digit(vin: str) -> str:
    remainder = sum(TRANSLITERATION[c] * w for c, w in zip(vin, WEIGHTS, strict=True)) % 11
    return "X" if remainder == 10 else str(remainder)


def decode(raw: str, year: int = 2026) -> vinlib.VinDecoded:
    return vinlib.decode(raw, current_year=year)


def codes(decoded: vinlib.VinDecoded) -> list[str]:
    return [i.code for i in decoded.errors]


# -- REFERENCE.md test vectors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("vin", "wmi", "year"),
    [
        ("LFWADRJF011002346", "LFW", 2001),  # GB 16735 Annex A example, check digit 0
        ("LDC613P23A1305189", "LDC", 2010),
        ("LSJA24U62JG269225", "LSJ", 2018),
        ("LBV5S3102ESJ25655", "LBV", 2014),
    ],
)
def test_reference_vectors_are_valid(vin: str, wmi: str, year: int) -> None:
    decoded = decode(vin)
    assert decoded.valid, decoded.errors
    assert decoded.errors == ()
    assert decoded.wmi == wmi
    assert decoded.model_year == year
    assert vinlib.check_digit(vin) == vin[8]


def test_annex_a_example_has_check_digit_zero() -> None:
    assert vinlib.check_digit("LFWADRJF011002346") == "0"


def test_check_digit_ten_is_written_x() -> None:
    # 1M8GDM9A_KP042788 is the classic 49 CFR 565 example whose check digit is X.
    assert vinlib.check_digit("1M8GDM9AXKP042788") == "X"
    assert decode("1M8GDM9AXKP042788").valid


@given(st.text(alphabet=ALLOWED, min_size=17, max_size=17))
def test_check_digit_matches_the_reference_computation(vin: str) -> None:
    assert vinlib.check_digit(vin) == reference_check_digit(vin)


# -- normalisation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["lsja24u62jg269225", " LSJA 24U6 2JG2 69225 ", "LSJA-24U62-JG269225", "\tlsja24u62jg269225\n"]
)
def test_lowercase_spaces_and_dashes_normalise(raw: str) -> None:
    decoded = decode(raw)
    assert decoded.vin == "LSJA24U62JG269225"
    assert decoded.valid


# -- one error per problem, each with its own code ---------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code", "params"),
    [
        ("LSJA24U62JG26922", "vin_length", {"length": 16, "expected": 17}),
        ("LSJA24U62JG2692255", "vin_length", {"length": 18, "expected": 17}),
        ("LSJA24U62JG26922I", "vin_forbidden_letters", {"letters": "I"}),
        ("LSJA24U62JG2692OQ", "vin_forbidden_letters", {"letters": "O, Q"}),
        ("LSJA24U62JG26922#", "vin_invalid_characters", {"characters": "#"}),
        ("LSJA24U62JG2692汉5", "vin_invalid_characters", {"characters": "汉"}),
        ("LSJA24U63JG269225", "vin_check_digit", {"expected": "2", "actual": "3"}),
    ],
)
def test_each_problem_gives_exactly_one_error_with_its_own_code(raw: str, code: str, params: dict) -> None:
    decoded = decode(raw)
    assert not decoded.valid
    assert [(i.code, i.params) for i in decoded.errors] == [(code, params)]


def test_a_repeated_bad_letter_is_reported_once() -> None:
    decoded = decode("LSJA24U62JIIII225")
    assert [(i.code, i.params) for i in decoded.errors] == [("vin_forbidden_letters", {"letters": "I"})]


def test_wrong_length_with_a_forbidden_letter_reports_both_once() -> None:
    assert codes(decode("LSJA24U62JG2692I")) == ["vin_length", "vin_forbidden_letters"]


def test_empty_vin_is_a_length_error() -> None:
    decoded = decode("   ")
    assert decoded.vin == ""
    assert codes(decoded) == ["vin_length"]


def test_european_vin_with_wrong_check_digit_only_warns() -> None:
    # ISO 3779 alone does not make position 9 a check digit: WMIs S–Z only get a warning.
    vin = "WVWZZZ1JZXW000001"
    assert vinlib.check_digit(vin) != vin[8]
    decoded = decode(vin)
    assert decoded.valid
    assert "vin_check_digit" in [w.code for w in decoded.warnings]


def test_non_numeric_serial_is_a_warning_not_an_error() -> None:
    body = "LSVAB2C10KABCDEF1"
    vin = body[:8] + vinlib.check_digit(body) + body[9:]
    decoded = decode(vin)
    assert decoded.valid
    assert [w.code for w in decoded.warnings] == ["vin_serial_not_numeric"]


def test_unknown_model_year_code_is_a_warning() -> None:
    body = "LSVAB2C10UA000001"  # U is never a year code
    vin = body[:8] + vinlib.check_digit(body) + body[9:]
    decoded = decode(vin)
    assert decoded.valid
    assert decoded.model_year is None
    assert [(w.code, w.params) for w in decoded.warnings] == [("vin_model_year_unknown", {"code": "U"})]


# -- model year ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "year"),
    [("A", 2010), ("H", 2017), ("R", 2024), ("S", 2025), ("T", 2026), ("Y", 2000), ("1", 2001), ("9", 2009)],
)
def test_chinese_model_year_takes_the_latest_cycle_not_after_next_year(code: str, year: int) -> None:
    body = f"LSVAB2C10{code}A000001"
    vin = body[:8] + vinlib.check_digit(body) + body[9:]
    assert decode(vin, year=2026).model_year == year


def test_next_years_code_is_accepted_for_new_models() -> None:
    body = "LSVAB2C10VA000001"  # V = 1997 or 2027
    vin = body[:8] + vinlib.check_digit(body) + body[9:]
    assert decode(vin, year=2026).model_year == 2027
    assert decode(vin, year=2025).model_year == 1997


def test_north_american_cycle_follows_position_seven() -> None:
    # A digit in position 7 means 1980–2009, a letter 2010–2039 (NHTSA).
    assert decode("1FMCU14T3JU402061").model_year == 1988
    assert decode("5N3ZA0NE1AN908084").model_year == 2010


def test_small_maker_wmi_adds_positions_12_to_14() -> None:
    assert vinlib.wmi_of("LA9AB2C10KAB12345") == "LA9B12"
    assert vinlib.wmi_of("LSVAB2C10KAB12345") == "LSV"


# -- the check digit catches single-character mistakes -----------------------------------------


@st.composite
def valid_vins(draw: st.DrawFn) -> str:
    """A valid North-American (1–5) or Chinese (L) VIN with a correct check digit."""
    first = draw(st.sampled_from("12345L"))
    rest = draw(st.text(alphabet=ALLOWED, min_size=16, max_size=16))
    body = first + rest
    return body[:8] + reference_check_digit(body) + body[9:]


@settings(max_examples=300)
@given(valid_vins(), st.integers(min_value=0, max_value=16), st.sampled_from(ALLOWED))
@example("LSJA24U62JG269225", 8, "X")  # position 9 changed to another possible check digit
@example("LSJA24U62JG269225", 8, "A")  # position 9 changed to a letter that is never a check digit
@example("LSJA24U62JG269225", 0, "J")  # L -> J: different value (3 vs 1), now a Japanese VIN
@example("1FMCU14T3JU402061", 16, "A")  # last serial digit
def test_one_changed_character_is_caught_by_the_check_digit(vin: str, position: int, new: str) -> None:
    old = vin[position]
    assume(new != old)
    if position != 8:
        # Position 9 carries weight 0 in the sum, so any change there is caught by comparison. Elsewhere
        # the sum moves by weight × (new value − old value); weights are 2–10, never a multiple of 11,
        # so the change is missed exactly when both characters transliterate to the same value
        # (A/J/1, B/K/S/2 …), which ISO 3779 accepts as a known blind spot.
        assume(TRANSLITERATION[new] != TRANSLITERATION[old])
    if position == 0:
        # Turning the first character into S–Z makes it a European VIN, where position 9 is optional.
        assume(new not in "STUVWXYZ")
    assert decode(vin).valid
    changed = vin[:position] + new + vin[position + 1 :]
    decoded = decode(changed)
    assert not decoded.valid
    assert [i.code for i in decoded.errors] == ["vin_check_digit"]
    issue = decoded.errors[0]
    assert issue.params["actual"] == changed[8]
    assert issue.params["expected"] == reference_check_digit(changed)


@given(valid_vins(), st.integers(min_value=0, max_value=16).filter(lambda p: p != 8), st.data())
def test_same_value_substitutions_are_the_known_blind_spot(vin: str, position: int, data: st.DataObject) -> None:
    old = vin[position]
    twins = [c for c in ALLOWED if c != old and TRANSLITERATION[c] == TRANSLITERATION[old]]
    assume(twins)
    new = data.draw(st.sampled_from(twins))
    changed = vin[:position] + new + vin[position + 1 :]
    assert decode(changed).errors == ()
