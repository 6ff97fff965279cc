"""The form renderer: Django's templates, except a <select>, which is drawn in Python to the same HTML.

The public form's desa select has about 270 options; through the widget templates (an include per option,
another per option's attributes) it cost more CPU than the rest of the page together.
"""

from __future__ import annotations

import html
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# What the widget templates render values in: autoescape on, the active language's formats and time zone.
_CONTEXT = Context()


def _value(value: Any) -> str:
    if type(value) is str:  # the common case, without the lazy-string and localisation checks
        return html.escape(value)
    return render_value_in_context(value, _CONTEXT)


def _format(value: Any) -> str:
    """{{ value|stringformat:'s' }}: the value as text, escaped unless it is marked safe."""
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(value)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: True as a bare name, False left out, values through stringformat:'s'."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_value(name)}" if value is True else f' {_value(name)}="{_format(value)}"')
    return "".join(parts)


def render_select(widget: dict[str, Any]) -> SafeString:
    """django/forms/widgets/select.html and select_option.html, character for character."""
    out = [f'<select name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_value(group_name)}">')
        for option in options:
            out.append(
                f'\n  <option value="{_format(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_value(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))  # noqa: S308 — every value above is escaped


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if (
            template_name == SELECT
            and widget is not None
            and all(o["template_name"] == OPTION for _g, options, _i in widget["optgroups"] for o in options)
        ):
            return render_select(widget)
        return super().render(template_name, context, request)
