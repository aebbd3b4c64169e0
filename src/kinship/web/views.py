"""The web shell's own pages: home and the full-page help list."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """Welcome for visitors; a small dashboard for signed-in members."""
    return render(request, "web/home.html")


def help_page(request: HttpRequest) -> HttpResponse:
    """Crisis lines as a full page, for links from anywhere and for use without JavaScript."""
    return render(request, "web/help.html")
