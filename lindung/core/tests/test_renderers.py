"""The form renderer draws the common widgets in Python: the HTML must be Django's, character for character.

Both sides get Bootstrap's classes (the renderer adds them before drawing), so the comparison is with Django's
templates given the same widget context.
"""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import Client, override_settings
from django.utils.safestring import mark_safe

from lindung.conftest import DESA_A, login
from lindung.core.renderers import FormRenderer, bootstrap_widget
from lindung.intake.forms import ApplicationForm
from lindung.intake.tests.helpers import application
from lindung.workers.forms import WorkerForm

DJANGO = "lindung.core.tests.test_renderers.TemplatesWithClasses"
TOKENS = re.compile(r'(name="(?:csrfmiddlewaretoken|form_token)" value=")[^"]*"')


class TemplatesWithClasses(DjangoTemplates):
    """Django's widget templates, given the widget context with Bootstrap's classes as FormRenderer gives it."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if isinstance(widget, dict):
            context = {**context, "widget": bootstrap_widget(template_name, widget)}
        return super().render(template_name, context, request)


class Tricky(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "A & <b>"), ('b"q', 'say "hi"'), (3, 3)])
    grouped = forms.ChoiceField(
        choices=[("", "none"), ("Group <1>", [("x", "X"), ("y", mark_safe("<i>Y</i>"))]), ("z", "Z")],
        widget=forms.Select(attrs={"class": "wide", "data-x": 'a"b', "disabled": False, "autofocus": True}),
    )
    many = forms.MultipleChoiceField(choices=[("1", "one"), ("2", "two"), ("3", "three")])
    maybe = forms.NullBooleanField()
    size = forms.TypedChoiceField(choices=[(1, "1.000"), (2000, 2000)], coerce=int, required=False)
    pick = forms.ChoiceField(choices=[("l", "Laki-laki"), ("p", "<Perempuan>")], widget=forms.RadioSelect)
    sorted_pick = forms.ChoiceField(
        choices=[("G & H", [("1", "one"), ("2", "two")]), ("3", "three")],
        widget=forms.RadioSelect(attrs={"class": "inline"}),
        required=False,
    )
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, required=False
    )
    agree = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    count = forms.IntegerField(required=False, min_value=0)
    mail = forms.EmailField(required=False)
    code = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)


def _html(form):
    """The whole form, and each option of the choice fields drawn alone (as {% for r in field %}{{ r }})."""
    parts = [str(form)]
    for field in form:
        if hasattr(field.field.widget, "input_type"):
            parts.extend(str(option) for option in field)
    return "\n".join(parts)


def both(form_factory):
    return _html(form_factory(renderer=FormRenderer())), _html(form_factory(renderer=TemplatesWithClasses()))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "plain": "a",
            "grouped": "y",
            "many": ["1", "3"],
            "maybe": "true",
            "size": "2000",
            "pick": "p",
            "sorted_pick": "2",
            "boxes": ["a", "b"],
            "agree": "on",
            "note": "  <b>baris</b>\n& dua  ",
            "secret": 'x"y',
            "when": "2024-02-30",
            "count": "12",
            "mail": "a@b",
            "code": "<pw>",
        },
        {"plain": "nope", "grouped": "", "many": ["9"], "maybe": "", "size": "x", "pick": "z", "count": "-1"},
    ],
)
def test_widget_html_is_djangos(data):
    ours, theirs = both(lambda renderer: Tricky(data, renderer=renderer))
    assert "<select" in ours and "<optgroup" in ours and "<textarea" in ours and 'type="radio"' in ours
    assert ours == theirs


def test_a_custom_widget_template_is_left_to_django():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/attrs.html"  # any template the renderer does not know

    form = forms.Form(renderer=FormRenderer())
    form.fields["x"] = forms.ChoiceField(choices=[("a", "A")], widget=Custom)
    assert "<option" not in str(form["x"]) and "<select" in str(form["x"])


@pytest.mark.django_db
@pytest.mark.parametrize("overrides", [None, {}, {"desa": "16.07.01.2001", "occupation": "x", "sex": ""}])
def test_the_application_form_is_unchanged(overrides):
    data = None if overrides is None else application(**overrides)
    ours, theirs = both(lambda renderer: ApplicationForm(data, renderer=renderer))
    assert f'<option value="{DESA_A}"' in ours
    assert ours == theirs


@pytest.mark.django_db
def test_the_public_form_is_drawn_without_widget_templates(monkeypatch):
    templates = []
    original = DjangoTemplates.render

    def render(self, name, *args, **kwargs):
        templates.append(name)
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(DjangoTemplates, "render", render)
    html = _html(ApplicationForm(application(nik="1"), renderer=FormRenderer()))
    assert "<select" in html and 'type="radio"' in html and 'type="checkbox"' in html
    assert [t for t in templates if t.startswith("django/forms/widgets/")] == []


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


def test_every_control_gets_bootstraps_class():
    html = str(Tricky(renderer=FormRenderer()))

    def tag(start: str) -> str:
        found = re.search(re.escape(start) + r"[^>]*>", html)
        assert found, start
        return found.group(0)

    assert 'class="form-select"' in tag('<select name="plain"')
    assert 'class="form-select wide"' in tag('<select name="grouped"')  # the form's own class kept
    assert 'class="form-control"' in tag('<textarea name="note"')
    assert 'class="form-check-input"' in tag('<input type="radio" name="pick" value="l"')
    assert (
        tag('<div id="id_sorted_pick"') == '<div id="id_sorted_pick" class="inline">'
    )  # the list: a plain <div>
    assert 'class="form-check-input"' in tag('<input type="checkbox" name="agree"')
    assert "class=" not in tag('<input type="hidden" name="secret"')
    assert 'class="form-control"' in tag('<input type="number" name="count"')
