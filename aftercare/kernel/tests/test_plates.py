"""Licence plates per GA 36-2018 (REFERENCE.md §6), pure: no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftercare.kernel import plates


@pytest.mark.parametrize(
    ("raw", "plate", "kind"),
    [
        ("京A12345", "京A12345", "ordinary"),
        ("沪B8K2P9", "沪B8K2P9", "ordinary"),
        ("粤BAB123", "粤BAB123", "ordinary"),  # two letters in the serial are allowed
        ("苏D4X770", "苏D4X770", "ordinary"),
        ("粤BD12345", "粤BD12345", "new_energy_small"),  # D = pure electric
        ("浙AFK3789", "浙AFK3789", "new_energy_small"),  # F = other new energy, letter in position 2
        ("粤B12345D", "粤B12345D", "new_energy_large"),
        ("川A67890F", "川A67890F", "new_energy_large"),
        ("京A1234挂", "京A1234挂", "special"),
        ("鲁B2345学", "鲁B2345学", "special"),
        ("京A0001警", "京A0001警", "special"),
        ("粤Z1234港", "粤Z1234港", "special"),
        ("粤Z5678澳", "粤Z5678澳", "special"),
        ("  京a·12345 ", "京A12345", "ordinary"),  # spaces, the middle dot and lower case normalise
        ("京A-12345", "京A12345", "ordinary"),
    ],
)
def test_valid_plates(raw: str, plate: str, kind: str) -> None:
    check = plates.check(raw)
    assert (check.plate, check.kind, check.error) == (plate, kind, None)
    assert check.valid


@pytest.mark.parametrize(
    ("raw", "code", "params"),
    [
        ("", "plate_empty", {}),
        ("   ", "plate_empty", {}),
        ("XA12345", "plate_province", {"char": "X"}),
        ("AA12345", "plate_province", {"char": "A"}),
        ("使A12345", "plate_province", {"char": "使"}),
        ("京A1234", "plate_length", {"length": "6"}),
        ("京A12345678", "plate_length", {"length": "10"}),
        ("京", "plate_length", {"length": "1"}),
        ("京112345", "plate_authority", {"char": "1"}),
        ("京AI2345", "plate_letters_io", {"letters": "I"}),
        ("京AO2345", "plate_letters_io", {"letters": "O"}),
        ("京AOI345", "plate_letters_io", {"letters": "I, O"}),
        ("粤BDI2345", "plate_letters_io", {"letters": "I"}),
        ("京AABC12", "plate_serial_format", {}),  # three letters in the serial
        ("京A123挂4", "plate_serial_format", {}),  # suffix not at the end
        ("京A123456", "plate_new_energy_format", {}),  # 8 characters without D/F
        ("粤BZ12345", "plate_new_energy_format", {}),  # Z is not a new-energy letter
        ("粤BD1234Z", "plate_new_energy_format", {}),
        ("浙AF3K789", "plate_new_energy_format", {}),  # small new-energy plates end in 4 digits
    ],
)
def test_invalid_plates_name_the_one_problem(raw: str, code: str, params: dict) -> None:
    check = plates.check(raw)
    assert (check.error, check.params, check.kind) == (code, params, None)
    assert not check.valid


@given(
    st.sampled_from(plates.PROVINCES),
    st.sampled_from("ABCDEFGHJKLMNPQRSTUVWXYZ"),
    st.text(alphabet="0123456789", min_size=5, max_size=5),
)
def test_every_province_and_office_with_a_digit_serial_is_ordinary(province: str, office: str, serial: str) -> None:
    check = plates.check(province + office + serial)
    assert (check.kind, check.error) == ("ordinary", None)


@given(st.sampled_from(plates.PROVINCES), st.text(alphabet="0123456789", min_size=3, max_size=3), st.data())
def test_i_and_o_are_rejected_anywhere_in_the_serial(province: str, digits: str, data: st.DataObject) -> None:
    letter = data.draw(st.sampled_from("IO"))
    position = data.draw(st.integers(min_value=0, max_value=4))
    serial = (digits + "A")[:position] + letter + (digits + "A")[position:]
    check = plates.check(province + "B" + serial[:5])
    assert check.error == "plate_letters_io"
