"""Money in yuan (CNY): Decimal only, rounded to the fen (0.01) half-up, as Chinese invoices do."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
ZERO = Decimal("0.00")

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")


def to_fen(value: Decimal | int | str) -> Decimal:
    """Round an amount to the fen, half-up (0.005 → 0.01). Floats are refused: they cannot hold money."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    try:
        amount = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def fen_sum(values: list[Decimal]) -> Decimal:
    """The sum of amounts already rounded to the fen (stays exact)."""
    return to_fen(sum(values, ZERO))


def yuan(value: Decimal) -> str:
    """¥1,234.50: the amount with thousands separators and two decimals."""
    amount = to_fen(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def _group_upper(n: int) -> str:
    """A number below 10,000 in capital numerals, zeros collapsed (1001 → 壹仟零壹)."""
    text = ""
    zero = False
    for pos in range(3, -1, -1):
        digit = n // 10**pos % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += _DIGITS[digit] + _SMALL_UNITS[pos]
    return text


def upper_rmb(value: Decimal) -> str:
    """The amount in capital Chinese numerals for 价税合计（大写）: 1234.50 → 壹仟贰佰叁拾肆元伍角整."""
    amount = to_fen(value)
    if amount < 0:
        return "负" + upper_rmb(-amount)
    fen_total = int(amount * 100)
    whole, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    groups: list[int] = []
    while whole:
        groups.append(whole % 10_000)
        whole //= 10_000
    text = ""
    need_zero = False
    for idx in range(len(groups) - 1, -1, -1):
        group = groups[idx]
        if group == 0:
            need_zero = bool(text)
            continue
        if text and (need_zero or group < 1000):
            text += "零"
        text += _group_upper(group) + _BIG_UNITS[idx]
        need_zero = False
    if text:
        text += "元"
    if jiao == 0 and fen == 0:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    else:
        text += "整"
    return text
