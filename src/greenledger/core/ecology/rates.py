"""A park's resource-use rates: solid-waste utilisation, waste-heat utilisation, water reuse.

Three of the guiding indicators of the zero-carbon park indicator system, 国家发展改革委 等
关于开展零碳园区建设的通知 (发改环资〔2025〕910号), annex: each rate is what is utilised over
what is generated in the same period (solid waste in tonnes, waste heat, cold and pressure in
MWh, water in m3), as a share 0-1. A rate is None when nothing was generated (no rate, rather
than a 0 % or 100 % that would mislead a pre-score). The definitions were read in secondary
reports of the notice, not in its text: ``CONFIRMED`` is False. Utilised above generated is
refused: it means one of the two figures is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message

SOURCE = (
    "NDRC et al., 关于开展零碳园区建设的通知 (发改环资〔2025〕910号), annex: guiding indicators "
    "solid-waste comprehensive utilisation rate, waste heat/cold/pressure utilisation rate, "
    "industrial water reuse rate (definitions as secondary reports give them)"
)
CONFIRMED = False


@dataclass(frozen=True, slots=True)
class Rates:
    solid_waste_utilisation: float | None
    waste_heat_utilisation: float | None
    water_reuse: float | None
    source: str = SOURCE
    confirmed: bool = CONFIRMED


def _rate(name: str, generated: float, utilised: float) -> float | None:
    if generated < 0 or utilised < 0:
        raise InputError(
            [Problem(message("symbiosis.rates.negative", indicator=name), column=name)]
        )
    if generated == 0:
        if utilised > 0:
            raise InputError(
                [
                    Problem(
                        message(
                            "symbiosis.rates.utilised_over_generated",
                            indicator=name,
                            utilised=utilised,
                            generated=generated,
                        ),
                        column=name,
                    )
                ]
            )
        return None
    if utilised > generated:
        raise InputError(
            [
                Problem(
                    message(
                        "symbiosis.rates.utilised_over_generated",
                        indicator=name,
                        utilised=utilised,
                        generated=generated,
                    ),
                    column=name,
                )
            ]
        )
    return utilised / generated


def park_rates(
    *,
    solid_waste_generated_t: float = 0.0,
    solid_waste_utilised_t: float = 0.0,
    waste_heat_generated_mwh: float = 0.0,
    waste_heat_utilised_mwh: float = 0.0,
    water_used_m3: float = 0.0,
    water_reused_m3: float = 0.0,
) -> Rates:
    """The three rates (utilised / generated), None where nothing was generated."""
    return Rates(
        _rate("solid_waste", solid_waste_generated_t, solid_waste_utilised_t),
        _rate("waste_heat", waste_heat_generated_mwh, waste_heat_utilised_mwh),
        _rate("water", water_used_m3, water_reused_m3),
    )
