"""`{% register_overview as overview %}`: the start page's counts, charts and recent saves."""

from django import template

from ropa.admin.overview import overview

register = template.Library()


@register.simple_tag
def register_overview() -> dict:
    return overview()
