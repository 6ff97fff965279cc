"""The form renderer draws <select> in Python: the HTML must be Django's, character for character."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import Client, override_settings
from django.utils.safestring import mark_safe

from lindung.conftest import DESA_A, login
from lindung.core.renderers import FormRenderer
from lindung.intake.forms import ApplicationForm
from lindung.intake.tests.helpers import application
from lindung.workers.forms import WorkerForm

DJANGO = "django.forms.renderers.DjangoTemplates"
TOKENS = re.compile(r'(name="(?:csrfmiddlewaretoken|form_token)" value=")[^"]*"')


class Tricky(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "A & <b>"), ('b"q', 'say "hi"'), (3, 3)])
    grouped = forms.ChoiceField(
        choices=[("", "none"), ("Group <1>", [("x", "X"), ("y", mark_safe("<i>Y</i>"))]), ("z", "Z")],
        widget=forms.Select(attrs={"class": "wide", "data-x": 'a"b', "disabled": False, "autofocus": True}),
    )
    many = forms.MultipleChoiceField(choices=[("1", "one"), ("2", "two"), ("3", "three")])
    maybe = forms.NullBooleanField()
    size = forms.TypedChoiceField(choices=[(1, "1.000"), (2000, 2000)], coerce=int, required=False)


def both(form_factory):
    ours = str(form_factory(renderer=FormRenderer()))
    theirs = str(form_factory(renderer=DjangoTemplates()))
    return ours, theirs


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "a", "grouped": "y", "many": ["1", "3"], "maybe": "true", "size": "2000"},
        {"plain": "nope", "grouped": "", "many": ["9"], "maybe": "", "size": "x"},
    ],
)
def test_select_html_is_djangos(data):
    ours, theirs = both(lambda renderer: Tricky(data, renderer=renderer))
    assert "<select" in ours and "<optgroup" in ours
    assert ours == theirs


@pytest.mark.django_db
@pytest.mark.parametrize("overrides", [None, {}, {"desa": "16.07.01.2001", "occupation": "x", "sex": ""}])
def test_the_application_form_is_unchanged(overrides):
    data = None if overrides is None else application(**overrides)
    ours, theirs = both(lambda renderer: ApplicationForm(data, renderer=renderer))
    assert f'<option value="{DESA_A}"' in ours
    assert ours == theirs


@pytest.mark.django_db
def test_the_staff_worker_form_is_unchanged():
    ours, theirs = both(lambda renderer: WorkerForm(renderer=renderer))
    assert ours == theirs


@pytest.mark.django_db
def test_the_public_page_is_unchanged():
    def page(data=None):
        client = Client()
        response = client.post("/daftar/", data) if data else client.get("/daftar/")
        return TOKENS.sub(r'\1"', response.content.decode())

    bad = application(nik="123", desa=DESA_A)
    ours = page(), page(bad)
    with override_settings(FORM_RENDERER=DJANGO):
        theirs = page(), page(bad)
    assert "harus 16 digit" in ours[1]
    assert ours == theirs


@pytest.mark.django_db
def test_the_staff_entry_page_is_unchanged(personas):
    client = login(personas["kecamatan"])
    ours = TOKENS.sub(r'\1"', client.get("/pekerja/baru/").content.decode())
    with override_settings(FORM_RENDERER=DJANGO):
        theirs = TOKENS.sub(r'\1"', client.get("/pekerja/baru/").content.decode())
    assert ours == theirs
