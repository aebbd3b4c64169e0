"""Template tags for the web shell.

``help_resources``, ``quick_exit_url`` and ``org_name`` read settings directly so that
pages rendered without a request or context processors (the 500 page) still show help.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.translation import get_language

from kinship.safety.resources import help_resources_for
from kinship.web import fragments

register = template.Library()


@register.simple_tag
def help_resources() -> list[dict[str, str]]:
    """The help resources for the active language."""
    return help_resources_for(get_language() or settings.LANGUAGE_CODE)


@register.simple_tag
def quick_exit_url() -> str:
    """Where the quick-exit button goes."""
    return str(settings.KINSHIP_QUICK_EXIT_URL)


@register.simple_tag
def org_name() -> str:
    """The name of the organisation running this install."""
    return str(settings.KINSHIP_ORG_NAME)


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], page_number: int) -> str:
    """The current URL's query string with ``page`` set, keeping every other parameter."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else None
    if query is None:
        return f"?page={page_number}"
    query["page"] = str(page_number)
    return "?" + str(query.urlencode())


class KeepNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList, values: list[Any]) -> None:
        self.name = name
        self.nodelist = nodelist
        self.values = values

    def render(self, context: template.Context) -> str:
        key = (self.name, *(_hashable(value.resolve(context)) for value in self.values))
        return fragments.keep(key, lambda: self.nodelist.render(context))


def _hashable(value: Any) -> Any:
    """A key part: the value itself, or its repr when it cannot be hashed (a dict)."""
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


@register.tag("keep")
def keep(parser: template.base.Parser, token: template.base.Token) -> KeepNode:
    """`{% keep "name" value ... %}...{% endkeep %}`: render once per combination of the
    values and keep the HTML in this process (see `kinship.web.fragments`)."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("keep takes a name and at least one value")
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return KeepNode(name, nodelist, [parser.compile_filter(bit) for bit in bits[2:]])
