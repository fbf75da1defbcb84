"""Quantities exchanged each month on active exchanges: by form (``record_save``), file
(``records_import``, CSV/XLSX with columns ``exchange, month, quantity``) or API
(``records_save``), all through one check, all-or-nothing.

A row is refused (with its row, field and reason, in the user's language) when:
- the exchange is not one of the user's enterprise's (or does not exist: the same answer), or
  is not active (both sides must have confirmed it);
- the month is not YYYY-MM (a date on the first of a month is accepted), lies after the
  current month, or outside the offer's or the need's period;
- the quantity is not a number or is negative (in the offer's unit: t, MWh or m3);
- the same exchange and month appear twice in the input;
- the records of the offer in a year would exceed what it offers for that year (its quantity
  a year x its months in that year / 12: ``selectors.rates.offered_in_year``), which would
  make a park's utilisation rate exceed 100 %.

A month already recorded is replaced (a correction; audited with the previous quantity).
Each record stores its counterfactual benefit from the core (``core.ecology.benefit.
exchange_benefit``: tCO2e avoided with its calculation lines, factors and sources).
Every write is audited (``ecology.record.save``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.core.ecology.benefit import Benefit, exchange_benefit
from greenledger.core.ecology.benefit import benefit_json as core_benefit_json
from greenledger.core.errors import InputError, Problem
from greenledger.core.tabular import SOURCE_ROW, read_table
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append
from greenledger.web.ecology.models import (
    Exchange,
    ExchangeRecord,
    ExchangeStatus,
    RecordSource,
)
from greenledger.web.ecology.selectors.matching import core_need, core_offer, data_versions
from greenledger.web.ecology.selectors.rates import offered_in_year

COLUMNS = ("exchange", "month", "quantity")
ALIASES = {"交换": "exchange", "月份": "month", "数量": "quantity"}
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-0?1(?:[ T]00:00(?::00)?)?)?$")


@dataclass(frozen=True)
class _Row:
    row: int | None  # the file's row (None: a form or one API item)
    exchange: str
    month: str
    quantity: str


@dataclass(frozen=True)
class _Checked:
    exchange: Exchange
    month: dt.date
    quantity: float


def benefit_json(benefit: Benefit) -> dict[str, Any]:
    """A core benefit as stored on a record (the shape of an exchange's proposed benefit),
    with the versions of the data files behind it."""
    return {**core_benefit_json(benefit), "versions": data_versions()}


def record_benefit(exchange: Exchange, quantity: float) -> Benefit:
    """The core's benefit of ``quantity`` exchanged on ``exchange``."""
    return exchange_benefit(core_offer(exchange.offer), core_need(exchange.need), quantity)


def parse_month(text: str) -> dt.date | None:
    found = _MONTH.match(text.strip())
    if found is None:
        return None
    year, number = int(found.group(1)), int(found.group(2))
    if not 1 <= number <= 12 or year < 1900:
        return None
    return dt.date(year, number, 1)


def _month_key(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _in_period(month: dt.date, start: dt.date, end: dt.date | None) -> bool:
    key = _month_key(month)
    return key >= _month_key(start) and (end is None or key <= _month_key(end))


def _exchange(actor: Any, text: str, cache: dict[str, Exchange | None]) -> Exchange | None:
    if text not in cache:
        found = None
        if text.isdigit():
            found = (
                permissions.visible_exchanges(actor)
                .select_related("offer__site", "need__site", "offer", "need")
                .filter(pk=int(text))
                .first()
            )
        cache[text] = found
    return cache[text]


def _check(actor: Any, rows: Sequence[_Row]) -> tuple[list[_Checked], list[Problem]]:
    """Every row checked; the problems of all rows at once (field = the column)."""
    problems: list[Problem] = []
    checked: list[_Checked] = []
    cache: dict[str, Exchange | None] = {}
    seen: dict[tuple[int, dt.date], int | None] = {}
    current = _month_key(timezone.localdate())
    for item in rows:
        bad = False

        def refuse(column: str, reason: str, item: _Row = item) -> None:
            problems.append(Problem(reason, row=item.row, column=column))

        text = item.exchange.strip().removeprefix("#")
        exchange = _exchange(actor, text, cache)
        if exchange is None:
            refuse("exchange", _("No exchange %(id)s of your enterprise.") % {"id": text or "—"})
            bad = True
        elif permissions.exchange_side(actor, exchange) is None:
            refuse(
                "exchange",
                _("Only the parties of exchange %(id)s record its quantities.")
                % {"id": exchange.pk},
            )
            bad = True
        elif not permissions.can_record_exchange(actor, exchange):
            refuse(
                "exchange",
                _("Exchange %(id)s is %(status)s: quantities are recorded on active exchanges.")
                % {"id": exchange.pk, "status": exchange.get_status_display()},
            )
            bad = True
        month = parse_month(item.month)
        if month is None:
            refuse("month", _("Enter the month as YYYY-MM (e.g. 2026-03)."))
            bad = True
        elif _month_key(month) > current:
            refuse("month", _("%(month)s is in the future.") % {"month": f"{month:%Y-%m}"})
            bad = True
        elif exchange is not None:
            for listing, label in ((exchange.offer, _("offer")), (exchange.need, _("need"))):
                if not _in_period(month, listing.period_start, listing.period_end):
                    refuse(
                        "month",
                        _("%(month)s is outside the %(listing)s's period (%(start)s to %(end)s).")
                        % {
                            "month": f"{month:%Y-%m}",
                            "listing": label,
                            "start": f"{listing.period_start:%Y-%m}",
                            "end": f"{listing.period_end:%Y-%m}" if listing.period_end else "—",
                        },
                    )
                    bad = True
        quantity = math.nan
        with contextlib.suppress(ValueError):
            quantity = float(item.quantity.strip().replace(",", ""))
        if not math.isfinite(quantity):
            refuse("quantity", _("Enter the quantity as a number."))
            bad = True
        elif quantity < 0:
            refuse("quantity", _("The quantity cannot be negative."))
            bad = True
        if exchange is not None and month is not None:
            key = (exchange.pk, month)
            if key in seen:
                refuse(
                    "month",
                    _("Exchange %(id)s and %(month)s appear twice (also on row %(row)s).")
                    % {"id": exchange.pk, "month": f"{month:%Y-%m}", "row": seen[key] or "—"},
                )
                bad = True
            seen[key] = item.row
        if not bad:
            assert exchange is not None and month is not None
            checked.append(_Checked(exchange, month, quantity))
    if not problems:
        problems += _over_offered(checked, rows)
    return checked, problems


def _over_offered(checked: list[_Checked], rows: Sequence[_Row]) -> list[Problem]:
    """Records of one offer in one year above what it offers for that year."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, item in enumerate(checked):
        groups[(item.exchange.offer_id, item.month.year)].append(index)
    problems = []
    for (offer_id, year), indexes in groups.items():
        offer = checked[indexes[0]].exchange.offer
        replaced = [(checked[i].exchange.pk, checked[i].month) for i in indexes]
        kept = ExchangeRecord.objects.filter(exchange__offer_id=offer_id, month__year=year)
        before = sum(r.quantity for r in kept if (r.exchange_id, r.month) not in replaced)
        total = before + sum(checked[i].quantity for i in indexes)
        offered = offered_in_year(offer, year)
        if total > offered * (1 + 1e-9):
            last = indexes[-1]
            problems.append(
                Problem(
                    _(
                        "The records of offer %(offer)s in %(year)s would total %(total)s "
                        "%(unit)s, above the %(offered)s %(unit)s it offers for that year."
                    )
                    % {
                        "offer": offer.name,
                        "year": year,
                        "total": f"{total:,.6g}",
                        "offered": f"{offered:,.6g}",
                        "unit": offer.unit,
                    },
                    row=rows[last].row if len(rows) > last else None,
                    column="quantity",
                )
            )
    return problems


def _store(actor: Any, checked: list[_Checked], source: str) -> list[ExchangeRecord]:
    now = timezone.now()
    stored = []
    with transaction.atomic():
        for item in checked:
            benefit = record_benefit(item.exchange, item.quantity)
            previous = ExchangeRecord.objects.filter(
                exchange=item.exchange, month=item.month
            ).first()
            values = {
                "quantity": item.quantity,
                "benefit": benefit_json(benefit),
                "avoided_tco2e": benefit.t_co2e_avoided or 0.0,
                "source": source,
                "recorded_by": actor,
                "recorded_at": now,
            }
            record, _created = ExchangeRecord.objects.update_or_create(
                exchange=item.exchange, month=item.month, defaults=values
            )
            audit_append(
                actor=actor,
                action="ecology.record.save",
                obj=record,
                before=None
                if previous is None
                else {"quantity": previous.quantity, "avoided_tco2e": previous.avoided_tco2e},
                after={
                    "exchange": item.exchange.pk,
                    "month": f"{item.month:%Y-%m}",
                    "quantity": record.quantity,
                    "avoided_tco2e": record.avoided_tco2e,
                    "source": source,
                },
            )
            stored.append(record)
    return stored


def record_save(
    *, actor: Any, exchange: Exchange, month: str, quantity: Any, source: str = RecordSource.FORM
) -> ExchangeRecord:
    """One month's quantity of ``exchange`` (a form): ValidationError by field."""
    row = _Row(None, str(exchange.pk), str(month or ""), "" if quantity is None else str(quantity))
    checked, problems = _check(actor, [row])
    if problems:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(problem.column or "__all__", []).append(problem.message.english())
        raise ValidationError(errors)
    return _store(actor, checked, source)[0]


def records_save(
    *, actor: Any, rows: Sequence[dict[str, Any]], source: str = RecordSource.API
) -> list[ExchangeRecord]:
    """Several months (the API: items with exchange, month, quantity), all-or-nothing:
    InputError with every problem, its item (``row``, from 1) and field."""
    items = [
        _Row(
            index + 1,
            "" if r.get("exchange") is None else str(r.get("exchange")),
            str(r.get("month") or ""),
            "" if r.get("quantity") is None else str(r.get("quantity")),
        )
        for index, r in enumerate(rows)
    ]
    if not items:
        raise InputError([Problem(_("No records given."))])
    checked, problems = _check(actor, items)
    if problems:
        raise InputError(problems)
    return _store(actor, checked, source)


def records_import(*, actor: Any, path: Path, filename: str) -> list[ExchangeRecord]:
    """Months from a CSV/XLSX file with columns ``exchange, month, quantity`` (Chinese headers
    交换, 月份, 数量 accepted), all-or-nothing: InputError lists every problem with its row
    (as the spreadsheet numbers it) and column."""
    raw = read_table(Path(path))
    names = {c: ALIASES.get(c.strip(), c.strip().lower()) for c in raw.columns if c != SOURCE_ROW}
    frame = raw.rename(names)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            [
                Problem(
                    _("The file has no column %(column)s.") % {"column": c},
                    file=filename,
                    row=1,
                    column=c,
                )
                for c in missing
            ]
        )
    items = []
    for position, cells in enumerate(frame.to_dicts()):
        items.append(
            _Row(
                int(cells.get(SOURCE_ROW) or position + 2),
                str(cells.get("exchange") or ""),
                str(cells.get("month") or ""),
                str(cells.get("quantity") or ""),
            )
        )
    if not items:
        raise InputError([Problem(_("The file has no rows."), file=filename)])
    checked, problems = _check(actor, items)
    if problems:
        raise InputError(
            [Problem(p.message, file=filename, row=p.row, column=p.column) for p in problems]
        )
    return _store(actor, checked, RecordSource.FILE)


def exchange_ready(exchange: Exchange) -> bool:
    """Whether quantities can be recorded on ``exchange`` at all (it is active)."""
    return exchange.status == ExchangeStatus.ACTIVE
