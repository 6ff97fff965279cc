"""The form renderer: Django's widget templates, except the common widgets, drawn in Python to the same HTML.

Every widget also gets Bootstrap's class for its kind (form-control, form-select, form-check-input), so a form's
fields look like the framework's without each form naming classes.

The public form's desa select has about 270 options; through the widget templates (an include per option,
another per option's attributes) it cost more CPU than the rest of the page together, and each of the other
inputs took three template renders. Anything not recognised here (another template, a custom option template)
goes to Django's templates; tests compare both renderings character for character.
"""

from __future__ import annotations

import html
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

W = "django/forms/widgets/"
SELECT = W + "select.html"
SELECT_OPTION = W + "select_option.html"
# Templates that are only {% include "django/forms/widgets/input.html" %}.
INPUTS = {
    W + f"{name}.html"
    for name in [
        "input",
        "text",
        "number",
        "email",
        "url",
        "tel",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "color",
        "checkbox",
    ]
}
TEXTAREA = W + "textarea.html"
MULTIPLE = {W + "radio.html", W + "checkbox_select.html", W + "multiple_input.html"}
# Templates that are only {% include "django/forms/widgets/input_option.html" %} (plus their newline).
INPUT_OPTIONS = {W + "radio_option.html", W + "checkbox_option.html"}
# What the widget templates render values in: autoescape on, the active language's formats and time zone.
_CONTEXT = Context()


def _value(value: Any) -> str:
    """{{ value }}"""
    if type(value) is str:  # the common case, without the lazy-string and localisation checks
        return html.escape(value)
    return render_value_in_context(value, _CONTEXT)


def _format(value: Any) -> str:
    """{{ value|stringformat:'s' }}: the value as text, escaped unless it is marked safe."""
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(value)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: True as a bare name, False left out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_value(name)}" if value is True else f' {_value(name)}="{_format(value)}"')
    return "".join(parts)


def _input(widget: dict[str, Any]) -> str:
    """django/forms/widgets/input.html, with the newline it ends with."""
    value = "" if widget["value"] is None else f' value="{_format(widget["value"])}"'
    return f'<input type="{_value(widget["type"])}" name="{_value(widget["name"])}"{value}{_attrs(widget["attrs"])}>\n'


def _input_option(widget: dict[str, Any]) -> str:
    """radio_option.html and checkbox_option.html (input_option.html and two newlines)."""
    if not widget["wrap_label"]:
        return _input(widget) + "\n\n"
    label_for = f' for="{_value(widget["attrs"]["id"])}"' if widget["attrs"].get("id") else ""
    return f"<label{label_for}>{_input(widget)} {_value(widget['label'])}</label>\n\n"


def _select_option(widget: dict[str, Any]) -> str:
    """select_option.html, with its newline."""
    return f'<option value="{_format(widget["value"])}"{_attrs(widget["attrs"])}>{_value(widget["label"])}</option>\n'


def _select(widget: dict[str, Any]) -> str:
    out = [f'<select name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_value(group_name)}">')
        for option in options:
            out.append(f"\n  {_select_option(option)}")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _multiple(widget: dict[str, Any]) -> str:
    attrs = widget["attrs"]
    out = ["<div"]
    if attrs.get("id"):
        out.append(f' id="{_value(attrs["id"])}"')
    if attrs.get("class"):
        out.append(f' class="{_value(attrs["class"])}"')
    out.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{_value(group)}</label>")
        for option in options:
            out.append(f"<div>\n    {_input_option(option)}</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>")
    return "".join(out)


def _textarea(widget: dict[str, Any]) -> str:
    value = _value(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _options_are(widget: dict[str, Any], templates: set[str]) -> bool:
    return all(
        o["template_name"] in templates for _group, options, _i in widget["optgroups"] for o in options
    )


def render_widget(template_name: str, widget: dict[str, Any]) -> SafeString | None:
    """The HTML Django's template would give (stripped, as the renderer returns it), or None: use the template."""
    if template_name in INPUTS:
        out = _input(widget)
    elif template_name in INPUT_OPTIONS:
        out = _input_option(widget)
    elif template_name == SELECT_OPTION:
        out = _select_option(widget)
    elif template_name == SELECT and _options_are(widget, {SELECT_OPTION}):
        out = _select(widget)
    elif template_name in MULTIPLE and _options_are(widget, INPUT_OPTIONS):
        out = _multiple(widget)
    elif template_name == TEXTAREA:
        out = _textarea(widget)
    else:
        return None
    return mark_safe(out.strip())  # noqa: S308 — every value in it went through escaping


NO_CLASS_TYPES = {"hidden", "submit", "button", "image", "reset"}
CHECK_TYPES = {"checkbox", "radio"}


def _add_class(attrs: dict[str, Any], name: str) -> dict[str, Any]:
    classes = str(attrs.get("class") or "").split()
    if name in classes:
        return attrs
    return {**attrs, "class": " ".join([name, *classes])}


def bootstrap_widget(template_name: str, widget: dict[str, Any]) -> dict[str, Any]:
    """A copy of the widget's context with Bootstrap's class on each control (options and subwidgets too)."""
    if widget.get("optgroups") and template_name != SELECT:
        # Radio and checkbox lists: the class goes on each option's input, not on the list's <div>.
        groups = [
            (name, [bootstrap_widget(o["template_name"], o) for o in options], index)
            for name, options, index in widget["optgroups"]
        ]
        return {**widget, "optgroups": groups}
    if widget.get("subwidgets"):
        return {
            **widget,
            "subwidgets": [bootstrap_widget(s["template_name"], s) for s in widget["subwidgets"]],
        }
    kind = widget.get("type")
    if template_name == SELECT:
        name = "form-select"
    elif template_name == TEXTAREA:
        name = "form-control"
    elif kind in CHECK_TYPES:
        name = "form-check-input"
    elif kind is not None and kind not in NO_CLASS_TYPES:
        name = "form-control"
    else:
        return widget
    return {**widget, "attrs": _add_class(widget.get("attrs") or {}, name)}


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict):
            widget = bootstrap_widget(template_name, widget)
            context = {**context, "widget": widget}
        drawn = render_widget(template_name, widget) if isinstance(widget, dict) else None
        return drawn if drawn is not None else super().render(template_name, context, request)
