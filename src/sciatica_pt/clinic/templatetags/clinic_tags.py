import functools
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.filter
def words(code: object, family: str | None = None) -> str:
    """A code's display name (core.words): `pt_appropriate` -> "Physical therapy is
    appropriate"; `{{ x|words:"shift_side" }}` names the family where a value is ambiguous."""
    from sciatica_pt.core.words import name_of  # here, so the web branch's imports stay its own

    return name_of(code, family)


@register.simple_tag
def link(name: str, *args: Any) -> str:
    """`{% url %}` with its answers kept: a page's links are the same on every request, and
    reversing one cost about 25 µs, thirteen times on the program page. Keyed by the script
    prefix and the request's URLconf too, so a mount under another path gets its own links."""
    return _reverse(get_script_prefix(), get_urlconf(), name, args)


@functools.lru_cache(maxsize=8192)
def _reverse(prefix: str, urlconf: str | None, name: str, args: tuple[Any, ...]) -> str:
    return reverse(name, urlconf=urlconf, args=args)


@receiver(setting_changed)
def _forget_links(setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":  # tests only: the URLs themselves changed
        _reverse.cache_clear()
