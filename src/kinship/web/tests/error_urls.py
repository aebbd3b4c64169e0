"""A URLconf with a view that fails, to exercise the 500 page."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from kinship.web.urls import urlpatterns as web_urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a deliberate failure for the 500 page test")


urlpatterns = [path("boom/", boom), *web_urlpatterns]
