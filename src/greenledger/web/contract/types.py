"""Input types bounded by what the database columns hold, so out-of-range values are refused
(422, naming the field) before a query is built, on SQLite and PostgreSQL alike, and the bounds
appear in the OpenAPI schema.

- ``DbId``: a primary or foreign key (BigAutoField: 1 .. 2**63 - 1);
- ``DbInt``: a 32-bit signed integer (IntegerField; version numbers);
- ``column(Model, "field")``: a schema field bounded like the model column (``max_length`` of a
  CharField, the integer range of an integer field, digits of a DecimalField);
- ``Pagination``: ``limit`` 1..NINJA_PAGINATION_MAX_LIMIT and ``offset`` within 64 bits;
  ``paginated`` applies it.

The ranges are Django's portable ones (``BaseDatabaseOperations.integer_field_ranges``), which
PostgreSQL enforces; SQLite would store more, but the API promises the same on both.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic.fields import FieldInfo

from greenledger.web.counting import cached_count

RANGES: dict[str, tuple[int, int]] = BaseDatabaseOperations.integer_field_ranges
INT64_MAX = RANGES["BigAutoField"][1]

DbId = Annotated[int, Field(ge=1, le=INT64_MAX, description="An object id (64-bit).")]
DbInt = Annotated[int, Field(ge=RANGES["IntegerField"][0], le=RANGES["IntegerField"][1])]
Year = Annotated[
    int,
    Field(
        ge=RANGES["PositiveSmallIntegerField"][0],
        le=RANGES["PositiveSmallIntegerField"][1],
        description="A calendar year.",
    ),
]
Offset = Annotated[int, Field(ge=0, le=INT64_MAX)]


def _integer_range(field: models.Field[Any, Any]) -> tuple[int, int] | None:
    if isinstance(field, models.ForeignKey):
        return (1, RANGES[field.target_field.get_internal_type()][1])
    if field.primary_key:
        return (1, RANGES[field.get_internal_type()][1])
    return RANGES.get(field.get_internal_type())


def column_bounds(model: type[models.Model], name: str) -> dict[str, Any]:
    """The constraints of a model column, as pydantic Field keyword arguments."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    if isinstance(field, models.DecimalField):
        return {"max_digits": field.max_digits, "decimal_places": field.decimal_places}
    bounds = _integer_range(field)
    if bounds is not None:
        return {"ge": bounds[0], "le": bounds[1]}
    if getattr(field, "max_length", None):
        return {"max_length": field.max_length}
    return {}


def column(model: type[models.Model], name: str, default: Any = ..., **extra: Any) -> Any:
    """A schema field bounded like ``model.name`` (``default`` as in ``pydantic.Field``)."""
    info: FieldInfo = Field(default, **column_bounds(model, name), **extra)
    return info


class Pagination(LimitOffsetPagination):
    """Limit/offset pagination whose offset cannot overflow the database's 64-bit integers."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=settings.NINJA_PAGINATION_MAX_LIMIT,
        )
        offset: Offset = 0

    def _items_count(self, queryset: Any) -> int:
        """The count of ``{"items", "count"}``, cached until the next change of state (a scoped
        count over the whole registry is most of a list's cost)."""
        if isinstance(queryset, models.QuerySet):
            try:
                return cached_count(queryset)
            except EmptyResultSet:  # a queryset that is none() by construction has no SQL
                return 0
        return len(queryset)


def paginated(func: Callable[..., Any]) -> Callable[..., Any]:
    """``@paginate(Pagination)``, with the view's annotations resolved in its own module first
    (ninja reads the wrapper's, whose module does not know names such as ``DbId``)."""
    func.__annotations__ = typing.get_type_hints(func, include_extras=True)
    return paginate(Pagination)(func)
