"""Places for "near me": ZIP codes, city names with disambiguation, coordinates, distance."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinship.directory import geo


def test_a_zip_code_resolves_to_its_coordinates():
    place = geo.resolve_place("60601")
    assert place.source == geo.Source.ZIP
    assert place.label == "Chicago, IL 60601"
    assert place.latitude == pytest.approx(41.8858)
    assert place.longitude == pytest.approx(-87.6181)


def test_a_zip_plus_four_resolves_like_its_zip():
    assert geo.resolve_place("60601-1234").label == "Chicago, IL 60601"


def test_an_unknown_zip_code_is_not_found():
    with pytest.raises(geo.PlaceNotFound, match="No US ZIP code 00000"):
        geo.resolve_place("00000")


def test_a_bare_ambiguous_city_lists_its_candidates_by_population():
    with pytest.raises(geo.AmbiguousPlace) as raised:
        geo.resolve_place("Springfield")
    candidates = raised.value.candidates
    assert len(candidates) > 5
    populations = [city.population for city in candidates]
    assert populations == sorted(populations, reverse=True)
    assert ("Springfield", "IL", "US") in {(c.name, c.admin1, c.country) for c in candidates}
    assert "Springfield, IL, US" in str(raised.value)


@pytest.mark.parametrize(
    "text",
    [
        "Springfield, IL",
        "springfield, illinois",
        "SPRINGFIELD,  IL, US",
        "Springfield, Illinois, USA",
    ],
)
def test_a_state_picks_one_city(text):
    place = geo.resolve_place(text)
    assert place.source == geo.Source.CITY
    assert place.label == "Springfield, IL, US"
    assert place.latitude == pytest.approx(39.80, abs=0.05)
    assert place.longitude == pytest.approx(-89.64, abs=0.05)


def test_a_country_picks_a_city_outside_the_us():
    place = geo.resolve_place("Toronto, Canada")
    assert place.label.endswith(", CA")


def test_an_unknown_place_is_not_found():
    with pytest.raises(geo.PlaceNotFound, match="No place called 'Atlantis, ZZ'"):
        geo.resolve_place("Atlantis, ZZ")


def test_coordinates_resolve_to_themselves():
    place = geo.resolve_place(" 41.88 , -87.62 ")
    assert (place.latitude, place.longitude, place.source) == (41.88, -87.62, "coordinates")


def test_coordinates_out_of_range_are_refused():
    with pytest.raises(geo.PlaceNotFound, match="Latitude must be within"):
        geo.resolve_place("91, 10")


def test_blank_text_asks_for_a_place():
    with pytest.raises(geo.PlaceNotFound, match="Enter a ZIP code"):
        geo.resolve_place("   ")


def test_the_city_index_is_built_once_per_process():
    geo.find_cities("Chicago")
    assert geo._city_index() is geo._city_index()


def test_haversine_matches_known_distances():
    # Chicago Loop to Manhattan: about 1,145 km; one degree of latitude: about 111.2 km.
    assert geo.haversine_km(41.8837, -87.6233, 40.7128, -74.0060) == pytest.approx(1144, abs=3)
    assert geo.haversine_km(0, 0, 1, 0) == pytest.approx(111.19, abs=0.01)
    assert geo.haversine_km(10, 179.9, 10, -179.9) == pytest.approx(21.9, abs=0.1)


def test_miles_and_kilometres_convert_both_ways():
    assert geo.miles_to_km(1) == pytest.approx(1.609344)
    assert geo.km_to_miles(geo.miles_to_km(25)) == pytest.approx(25)


latitudes = st.floats(min_value=-89.5, max_value=89.5)
longitudes = st.floats(min_value=-180, max_value=180)


@given(
    latitude=latitudes,
    longitude=longitudes,
    radius=st.floats(min_value=0.1, max_value=500),
    bearing=st.floats(min_value=0, max_value=360),
    fraction=st.floats(min_value=0, max_value=1),
)
def test_every_point_within_the_radius_is_inside_the_bounding_box(
    latitude, longitude, radius, bearing, fraction
):
    import math

    # A point `fraction * radius` away on `bearing` (spherical destination formula).
    distance = fraction * radius / geo.EARTH_RADIUS_KM
    phi, lam, theta = math.radians(latitude), math.radians(longitude), math.radians(bearing)
    phi2 = math.asin(
        math.sin(phi) * math.cos(distance) + math.cos(phi) * math.sin(distance) * math.cos(theta)
    )
    lam2 = lam + math.atan2(
        math.sin(theta) * math.sin(distance) * math.cos(phi),
        math.cos(distance) - math.sin(phi) * math.sin(phi2),
    )
    point_lat = math.degrees(phi2)
    point_lng = (math.degrees(lam2) + 540) % 360 - 180
    box = geo.bounding_box(latitude, longitude, radius)
    assert box.min_latitude - 1e-9 <= point_lat <= box.max_latitude + 1e-9
    assert any(west - 1e-9 <= point_lng <= east + 1e-9 for west, east in box.longitude_ranges)
