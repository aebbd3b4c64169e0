"""The compiled-query cache gives exactly what evaluating the queryset gives."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

import pytest
from django.db.models import Q

from kinship.core.querycache import CompiledQueryCache
from kinship.directory.models import Meeting
from kinship.directory.tests.factories import make_meeting


def _in_box(bounds: Sequence[float | int]):
    return (
        Meeting.objects.filter(latitude__gte=bounds[0], latitude__lte=bounds[1])
        .order_by("pk")
        .values_list("slug", "start_time", "latitude")
    )


@pytest.fixture
def meetings():
    return [
        make_meeting(slug="north", latitude=42.0, start_time=time(7, 0)),
        make_meeting(slug="middle", latitude=41.0, start_time=time(12, 30)),
        make_meeting(slug="south", latitude=40.0, start_time=time(19, 15)),
    ]


@pytest.mark.django_db
def test_cached_rows_match_the_queryset_for_new_values(meetings):
    cache = CompiledQueryCache()
    for bounds in ([39.5, 41.5], [40.5, 42.5], [41.5, 43.0], [10.0, 11.0]):
        assert cache.rows("box", _in_box, bounds) == list(_in_box(bounds))
    assert cache.rows("box", _in_box, [40.5, 41.5]) == [("middle", time(12, 30), 41.0)]


@pytest.mark.django_db
def test_converters_turn_database_values_into_python_values(meetings):
    rows = CompiledQueryCache().rows("box", _in_box, [39.0, 43.0])
    assert all(isinstance(start, time) for _slug, start, _latitude in rows)


@pytest.mark.django_db
def test_ids_are_bound_again_for_each_call(meetings):
    cache = CompiledQueryCache()

    def by_ids(ids: Sequence[float | int]):
        return Meeting.objects.filter(pk__in=list(ids)).order_by("pk").values_list("slug")

    first, second, third = (meeting.pk for meeting in meetings)
    assert cache.rows("ids", by_ids, [first, third]) == [("north",), ("south",)]
    assert cache.rows("ids", by_ids, [second, third]) == [("middle",), ("south",)]


@pytest.mark.django_db
def test_a_value_used_twice_is_not_cached_but_still_answers(meetings):
    cache = CompiledQueryCache()

    def twice(bounds: Sequence[float | int]):
        upper = bounds[0]
        return (
            Meeting.objects.filter(Q(latitude__lte=upper) | Q(longitude__lte=upper))
            .order_by("pk")
            .values_list("slug")
            .filter(latitude__gte=bounds[0] - 1)
        )

    assert cache.rows("twice", twice, [41.0]) == list(twice([41.0]))
    assert cache.rows("twice", twice, [42.0]) == list(twice([42.0]))


@pytest.mark.django_db
def test_a_query_django_knows_is_empty_answers_empty(meetings):
    cache = CompiledQueryCache()

    def nothing(bounds: Sequence[float | int]):
        return Meeting.objects.filter(pk__in=[], latitude__gte=bounds[0]).values_list("slug")

    assert cache.rows("empty", nothing, [1.0]) == []


@pytest.mark.django_db
def test_an_annotated_values_list_is_compiled_and_answers_the_same(meetings):
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    cache = CompiledQueryCache()

    def labelled(bounds: Sequence[float | int]):
        return (
            Meeting.objects.filter(latitude__gte=bounds[0])
            .annotate(label=Concat(F("slug"), Value("!")))
            .order_by("pk")
            .values_list("slug", "label")
        )

    assert cache.rows("labelled", labelled, [40.5]) == [("north", "north!"), ("middle", "middle!")]
    assert cache.rows("labelled", labelled, [41.5]) == [("north", "north!")]
    assert all(compiled is not None for compiled in cache._compiled.values())


@pytest.mark.django_db
def test_names_asked_in_another_order_than_selected_are_not_compiled(meetings):
    from django.db.models import F

    cache = CompiledQueryCache()

    def reordered(bounds: Sequence[float | int]):
        return (
            Meeting.objects.filter(latitude__gte=bounds[0])
            .annotate(doubled=F("latitude") * 2)
            .order_by("pk")
            .values_list("doubled", "slug")
        )

    assert cache.rows("reordered", reordered, [41.5]) == [(84.0, "north")]
    assert list(cache._compiled.values()) == [None]


@pytest.mark.django_db
def test_strings_and_datetimes_are_bound_again_for_each_call(meetings):
    from datetime import timedelta

    from django.utils import timezone

    cache = CompiledQueryCache()

    def named_since(values: Sequence[object]):
        return (
            Meeting.objects.filter(slug=values[0], created_at__gte=values[1])
            .order_by("pk")
            .values_list("slug")
        )

    hour_ago = timezone.now() - timedelta(hours=1)
    later = timezone.now() + timedelta(hours=1)
    assert cache.rows("named", named_since, ["north", hour_ago]) == [("north",)]
    assert cache.rows("named", named_since, ["south", hour_ago]) == [("south",)]
    assert cache.rows("named", named_since, ["south", later]) == []
