"""Compile a hot query once per shape, then run it again with new numbers bound.

Django compiles a queryset to SQL every time it is evaluated. For a search that the
database answers in half a millisecond, building and compiling the queryset costs more
than the database does. A query's *shape* is everything about it except a few numbers
(coordinates of a bounding box, a list of ids): the caller names the shape with a key and
builds the queryset from the numbers. The first time, the queryset is built with unique
stand-in numbers, compiled by Django, and each stand-in is found in the parameter list;
later calls put the real numbers in those places and run the SQL through Django's
connection, with the compiler's own converters applied to the rows.

Values may be numbers, strings or datetimes (a token's digest, "posts since ten minutes
ago"). Anything else that varies between calls must be part of the key. If a stand-in
cannot be found exactly once among the parameters (a backend that turns datetimes into
text, a lookup that rewrites its string), the shape is not cached and the queryset is
simply evaluated.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

Number = int | float | str | datetime
_FLOAT_STAND_IN = 7.0e12  # far outside any coordinate, and exact as a float
_INT_STAND_IN = 7 * 10**15
_TIME_STAND_IN = datetime(2999, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class _Compiled:
    alias: str
    sql: str
    params: tuple[Any, ...]
    slots: tuple[int, ...]  # for each value, its position among the parameters
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]


def _stand_in(value: Number, index: int) -> Number:
    if isinstance(value, datetime):
        return _TIME_STAND_IN + timedelta(microseconds=index)
    if isinstance(value, str):
        return f"\x1fkinship-stand-in-{index}\x1f"
    if isinstance(value, float):
        return _FLOAT_STAND_IN + index
    return _INT_STAND_IN + index


def _stand_ins(values: Sequence[Number]) -> list[Number]:
    return [_stand_in(value, index) for index, value in enumerate(values)]


class CompiledQueryCache:
    """Per-process cache of compiled `values_list` queries, keyed by shape."""

    def __init__(self, *, max_shapes: int = 512) -> None:
        self._max_shapes = max_shapes
        self._compiled: OrderedDict[Hashable, _Compiled | None] = OrderedDict()
        self._lock = threading.Lock()

    def rows(
        self,
        key: Hashable,
        build: Callable[[Sequence[Any]], QuerySet[Any, Any]],
        values: Sequence[Number],
    ) -> list[tuple[Any, ...]]:
        """The rows of `build(values)`, which must be a `values_list` queryset."""
        shape = (key, tuple(type(value) for value in values))
        with self._lock:
            known = shape in self._compiled
            compiled = self._compiled.get(shape)
            if known:
                self._compiled.move_to_end(shape)
        if not known:
            compiled = self._compile(build, values)
            with self._lock:
                self._compiled[shape] = compiled
                while len(self._compiled) > self._max_shapes:
                    self._compiled.popitem(last=False)
        if compiled is None:
            return list(build(values))
        return self._run(compiled, values)

    def clear(self) -> None:
        with self._lock:
            self._compiled.clear()

    @staticmethod
    def _compile(
        build: Callable[[Sequence[Any]], QuerySet[Any, Any]], values: Sequence[Number]
    ) -> _Compiled | None:
        stand_ins = _stand_ins(values)
        queryset = build(stand_ins)
        compiler = queryset.query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # e.g. `__in=[]`: Django answers without asking the database
            return None
        slots = []
        for stand_in in stand_ins:
            found = [
                position
                for position, param in enumerate(params)
                if type(param) is type(stand_in) and param == stand_in
            ]
            if len(found) != 1:
                return None
            slots.append(found[0])
        query = queryset.query
        names = [*query.values_select, *query.annotation_select]
        # The rows must come back in the order asked for (as `values_list` would give them).
        if query.extra_select or not names or len(compiler.select) != len(names):
            return None
        # Django's own record of the names asked for.
        asked = getattr(queryset, "_fields", None)
        if asked and list(asked) != names:
            return None
        expressions = [column for column, _sql, _alias in compiler.select]
        converters = compiler.get_converters(expressions)
        return _Compiled(
            alias=queryset.db,
            sql=sql,
            params=tuple(params),
            slots=tuple(slots),
            converters=tuple(
                (position, tuple(functions), expression)
                for position, (functions, expression) in converters.items()
            ),
        )

    @staticmethod
    def _run(compiled: _Compiled, values: Sequence[Number]) -> list[tuple[Any, ...]]:
        params = list(compiled.params)
        for slot, value in zip(compiled.slots, values, strict=True):
            params[slot] = value
        connection = connections[compiled.alias]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if not compiled.converters:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            cells = list(row)
            for position, functions, expression in compiled.converters:
                value = cells[position]
                for function in functions:
                    value = function(value, expression, connection)
                cells[position] = value
            converted.append(tuple(cells))
        return converted
