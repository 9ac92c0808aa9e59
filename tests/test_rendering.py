"""The form renderer's Python shortcuts give exactly the markup of Django's templates."""

from __future__ import annotations

import re

import pytest
from django.forms.renderers import get_default_renderer
from django.test import override_settings
from django.urls import reverse

from ropa.rendering import PYTHON, FormRenderer
from tests import factories as f

pytestmark = pytest.mark.django_db

DJANGO = "django.forms.renderers.DjangoTemplates"


def _page(client, url, data=None) -> str:
    response = client.post(url, data) if data is not None else client.get(url)
    # the CSRF token differs per response, nothing else may
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_every_shortcut_is_taken_on_this_install():
    assert isinstance(get_default_renderer(), FormRenderer)
    assert get_default_renderer()._python.keys() == PYTHON.keys()


@pytest.mark.parametrize("page", ["change", "add", "bad save", "third party"])
def test_pages_render_the_same_as_with_django_templates(dpo_client, page):
    act = f.complete_activity(f.organisation())
    party = act.recipient_set.first().third_party
    url, data = {
        "change": (reverse("admin:ropa_processingactivity_change", args=[act.pk]), None),
        "add": (reverse("admin:ropa_processingactivity_add"), None),
        # errors on the form and on rows: the error lists fall back to their template
        "bad save": (
            reverse("admin:ropa_processingactivity_add"),
            {"organisation": act.organisation_id, "name": "<b>kept</b>", "role": "controller", "version": 0},
        ),
        "third party": (reverse("admin:ropa_thirdparty_change", args=[party.pk]), None),
    }[page]
    ours = _page(dpo_client, url, data)
    with override_settings(FORM_RENDERER=DJANGO):
        assert type(get_default_renderer()).__name__ == "DjangoTemplates"
        theirs = _page(dpo_client, url, data)
    assert ours == theirs
    assert "<input" in ours and "<label" in ours
    assert ("errornote" in ours) == (page == "bad save")
