"""The form renderer: Django's, with the smallest and most repeated widget templates written in Python.

An activity's change page renders about 300 widgets, each through one to three tiny templates (an input and its
attributes, an empty error list, a label): a template render per piece was about a fifth of the page's serve time.
These few are produced here with exactly the markup Django's templates give (a test compares whole pages rendered
both ways); everything else, and any of these a project or app overrides, goes through the templates as before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

__all__ = ["FormRenderer"]

DJANGO_TEMPLATES = Path(django.forms.__file__).parent / "templates"


def _text(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` under autoescaping."""
    return conditional_escape(str(value) if isinstance(value, tuple) else "%s" % (value,))  # noqa: UP031


def _attrs(attrs: dict) -> str:
    """`django/forms/widgets/attrs.html` (and `django/forms/attrs.html`): False drops a name, True writes it bare."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(context: dict) -> str:
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    name = conditional_escape(widget["name"])
    return f'<input type="{conditional_escape(widget["type"])}" name="{name}"{value}{_attrs(widget["attrs"])}>'


class _Templated(Exception):
    """This context needs the template after all."""


def _no_errors(context: dict) -> str:
    if context["errors"]:
        raise _Templated
    return ""


def _label(context: dict) -> str:
    if not context["use_tag"]:
        return conditional_escape(context["label"])
    tag = context["tag"]
    return f"<{tag}{_attrs(context['attrs'])}>{conditional_escape(context['label'])}</{tag}>"


_INPUTS = ("text", "hidden", "number", "email", "url", "password", "date", "datetime", "time", "search", "tel")
PYTHON: dict[str, Callable[[dict], str]] = {
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS},
    "django/forms/errors/list/ul.html": _no_errors,
    "django/forms/errors/list/default.html": _no_errors,
    "django/forms/label.html": _label,
}


class FormRenderer(DjangoTemplates):
    """`FORM_RENDERER`: Django's template renderer with the templates of `PYTHON` done in Python."""

    @cached_property
    def _python(self) -> dict[str, Callable[[dict], str]]:
        """The shortcuts whose template is still Django's own (an override anywhere wins over the shortcut)."""
        own = {}
        for name, function in PYTHON.items():
            origin = Path(str(self.get_template(name).origin.name))
            if origin.is_relative_to(DJANGO_TEMPLATES):
                own[name] = function
        return own

    def render(self, template_name: str, context: dict, request=None) -> str:
        function = self._python.get(template_name)
        if function is not None:
            try:
                return mark_safe(function(context))  # noqa: S308 — every embedded value went through conditional_escape
            except _Templated:
                pass
        return super().render(template_name, context, request)
