"""Comprehensive energy consumption (GB/T 2589-2020) and energy intensities.

Energy inputs are converted to tonnes of standard coal equivalent (tce) with the standard's
coefficients; exported energy is deducted. Electricity is counted by calorific value (当量值), with
the generation-coal-consumption value (等价值) reported beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from greenledger.core.model import LineResult
from greenledger.core.resolve import LineFactors


def line_energy(quantity: float, factors: LineFactors) -> tuple[float, float]:
    """(tce by calorific value, tce by generation coal consumption) of one line."""
    return quantity * factors.tce, quantity * factors.tce_generation


@dataclass(frozen=True, slots=True)
class EnergySummary:
    energy_tce: float
    energy_tce_generation: float
    by_category_tce: dict[str, float]
    output_value_wan_yuan: float | None
    products: dict[str, tuple[float, str]]  # product -> (output, unit)

    @property
    def tce_per_wan_yuan(self) -> float | None:
        return _ratio(self.energy_tce, self.output_value_wan_yuan)

    def tce_per_product_unit(self) -> dict[str, tuple[float, str]]:
        """Energy per unit of product, when the enterprise reports exactly one product.

        With several products the enterprise's energy cannot be split between them without an
        allocation rule, so no per-product intensity is given.
        """
        if len(self.products) != 1:
            return {}
        ((name, (output, unit)),) = self.products.items()
        ratio = _ratio(self.energy_tce, output)
        return {} if ratio is None else {name: (ratio, f"tce/{unit}")}


def summarise_energy(results: Iterable[LineResult]) -> EnergySummary:
    total = 0.0
    total_generation = 0.0
    by_category: dict[str, float] = {}
    output_value: float | None = None
    products: dict[str, tuple[float, str]] = {}
    for result in results:
        total += result.energy_tce
        total_generation += result.energy_tce_generation
        if result.energy_tce:
            by_category[result.category] = by_category.get(result.category, 0.0) + result.energy_tce
        line = result.line
        if result.category == "output_value":
            output_value = (output_value or 0.0) + line.quantity
        elif result.category == "product_output":
            name = line.product or line.activity
            previous, _ = products.get(name, (0.0, line.product_unit))
            products[name] = (previous + line.quantity, line.product_unit)
    return EnergySummary(total, total_generation, by_category, output_value, products)


def _ratio(numerator: float, denominator: float | None) -> float | None:
    if not denominator:
        return None
    return numerator / denominator
