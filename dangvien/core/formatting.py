"""Vietnamese number and date formatting (4.541; 3,45%; 30/04/2022)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def vn_int(value: int) -> str:
    """Group thousands with dots: 4541 → "4.541"."""
    return f"{value:,}".replace(",", ".")


def vn_decimal(value: float | Decimal, places: int = 2, *, trim: bool = True) -> str:
    """Round half up and use a decimal comma: 3.454 → "3,45"; with ``trim`` 22.10 → "22,1"."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, frac = f"{rounded:f}".partition(".")
    if trim:
        frac = frac.rstrip("0")
    sign = "-" if whole.startswith("-") else ""
    grouped = vn_int(abs(int(whole)))
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"


def vn_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")
