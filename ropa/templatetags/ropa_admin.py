"""`{% register_overview as overview %}`: the start page's counts, charts and recent saves."""

from django import template

from ropa.admin.overview import overview

register = template.Library()


@register.simple_tag(takes_context=True)
def register_overview(context) -> dict:
    """The counts of the registers the signed-in user may see (`ropa.access`)."""
    return overview(context["request"].user)
