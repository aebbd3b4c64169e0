"""The forum pages (being written)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def forum_index(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def latest_threads(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def following(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def search(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def board_manage(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def board_create(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def board_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def board_edit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def thread_create(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def board_follow(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def thread_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def thread_reply(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def thread_new_posts(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def thread_follow(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def thread_moderate(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def post_permalink(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def post_edit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def post_delete(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def post_react(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def post_flag(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def post_history(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
