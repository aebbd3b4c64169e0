"""Pages: support for members (asking a peer supporter to reach out)."""

from django.urls import URLPattern, path

from kinship.safety.views import support

urlpatterns: list[URLPattern] = [
    path("contact/", support.request_contact, name="request-contact"),
]
