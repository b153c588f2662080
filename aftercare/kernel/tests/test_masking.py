"""Display masking of personal data (REFERENCE.md §7.3 patterns)."""

from __future__ import annotations

import pytest

from aftercare.kernel import masking


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("+8613812345678", "138****5678"),
        ("+8618012341999", "180****1999"),
        ("13812345678", "138****5678"),  # stored without the country code
        ("", ""),
        ("12345", "1****"),  # too short to keep 7 digits: only the first stays
    ],
)
def test_mask_phone_keeps_first_three_and_last_four(value: str, masked: str) -> None:
    assert masking.mask_phone(value) == masked


def test_masked_phone_never_contains_the_middle_digits() -> None:
    assert "1234" not in masking.mask_phone("+8613812345678")


@pytest.mark.parametrize(("value", "masked"), [("段小明", "段**"), ("欧阳娜娜", "欧***"), ("段", "段*"), ("", "")])
def test_mask_name_keeps_the_first_character(value: str, masked: str) -> None:
    assert masking.mask_name(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("苏D40000", "苏D4***0"), ("粤BD12345", "粤BD****5"), ("京A12", "京A12")],
)
def test_mask_plate_hides_the_middle(value: str, masked: str) -> None:
    assert masking.mask_plate(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("51010119900101001X", "5***************1X"), ("A123", "A*23"), ("123", "***"), ("", "")],
)
def test_mask_id_number_keeps_first_one_and_last_two(value: str, masked: str) -> None:
    assert masking.mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("duan@example.com", "d*****@example.com"), ("x@qq.com", "x*****@qq.com"), ("@example.com", "@example.com")],
)
def test_mask_email_keeps_the_first_letter(value: str, masked: str) -> None:
    assert masking.mask_email(value) == masked


def test_mask_email_does_not_reveal_the_length_of_the_local_part() -> None:
    assert masking.mask_email("a@x.cn") == masking.mask_email("abcdefghij@x.cn").replace("a", "a", 1) == "a*****@x.cn"


def test_mask_address_hides_the_last_eight_characters() -> None:
    assert masking.mask_address("北京市海淀区马连洼街道12号院3号楼") == "北京市海淀区马连洼街********"
    assert masking.mask_address("短地址") == "短**"
