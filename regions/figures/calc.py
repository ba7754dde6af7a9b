"""Pure calculations for the figures pages; no database. Unknown input gives None ("onbekend")."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Inhabitants:
    """Inhabitants of a region as the sum of its municipalities."""

    known_total: int
    municipalities: int
    unknown: int

    @property
    def is_complete(self) -> bool:
        return self.municipalities > 0 and self.unknown == 0

    @property
    def value(self) -> int | None:
        """The number to calculate with: only when every municipality's number is known."""
        return self.known_total if self.is_complete else None


def per_thousand(value: int | float | None, inhabitants: int | None) -> float | None:
    """``value`` per 1,000 inhabitants, rounded to one decimal; None when it cannot be known."""
    if value is None or not inhabitants or inhabitants < 0:
        return None
    result = (Decimal(value) * 1000 / Decimal(inhabitants)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return float(result)


def prevalence_estimate(inhabitants: int | None, percentage: Decimal | float | None) -> int | None:
    """Rough number of people: inhabitants x percentage / 100, rounded to a whole person."""
    if not inhabitants or percentage is None:
        return None
    percentage = Decimal(str(percentage))
    if percentage < 0 or percentage > 100:
        return None
    return int((Decimal(inhabitants) * percentage / 100).quantize(Decimal(1), ROUND_HALF_UP))
