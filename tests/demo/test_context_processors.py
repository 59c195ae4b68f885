"""gyokaku.demo.context_processors.sample_data."""

from __future__ import annotations

from django.test import RequestFactory
from pytest_django import DjangoAssertNumQueries
from tests.support.world import World

from gyokaku.demo.context_processors import sample_data
from gyokaku.plans.models import Plan


def test_it_is_false_without_sample_data(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(1):
        assert sample_data(RequestFactory().get("/")) == {"sample_data": False}


def test_it_is_true_when_any_plan_has_sample_data(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    Plan.objects.filter(pk=world.other_plan.pk).update(has_sample_data=True)
    with django_assert_num_queries(1):
        assert sample_data(RequestFactory().get("/")) == {"sample_data": True}
