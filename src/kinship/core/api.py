"""Types every app's API shares."""

from __future__ import annotations

from typing import Annotated

from annotated_types import Interval
from pydantic import BeforeValidator

# The largest integer a BIGINT column holds; ids above it can never exist.
DATABASE_INT_MAX = 2**63 - 1


def _json_integer(value: object) -> object:
    """Accept what JSON Schema calls an integer (7 or 7.0), never true/false or "7"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be an integer")
    return value


# A database id in a JSON body: integral, positive, within BIGINT.
DatabaseId = Annotated[int, Interval(ge=1, le=DATABASE_INT_MAX), BeforeValidator(_json_integer)]
