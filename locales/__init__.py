"""Message catalogues: every string the bot shows, zh_CN first, en second."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

LOCALES = ("zh_CN", "en")
DEFAULT = "zh_CN"


@cache
def catalogue(locale: str) -> dict[str, str]:
    text = (resources.files("locales") / f"{locale}.yaml").read_text(encoding="utf-8")
    return _flatten(yaml.safe_load(text))


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


def translate(locale: str, key: str, /, **params: Any) -> str:
    """The message for key in locale; a key missing in en falls back to zh_CN."""
    messages = catalogue(locale if locale in LOCALES else DEFAULT)
    template = messages.get(key) or catalogue(DEFAULT).get(key)
    if template is None:
        raise KeyError(f"no message {key!r} in locales")
    return _tidy(template, params) if params else template


#: A label that ends in its own ？ or ： takes no second one from the template ("是否同意？：" -> "是否同意？").
_DOUBLED = re.compile(r"[：:](?<=[？?：:][：:])")  # the colon first: found by a fast scan


def _tidy(template: str, params: dict[str, Any]) -> str:
    """Fills the template without doubled punctuation: a name already in “” is quoted inside with ‘’."""
    quoted, may_double = _shape(template)
    for key in quoted:
        if isinstance(value := params.get(key), str):
            params[key] = value.replace("“", "‘").replace("”", "’")
    text = template.format(**params)
    return _DOUBLED.sub("", text) if may_double else text


@cache
def _shape(template: str) -> tuple[tuple[str, ...], bool]:
    """What `_tidy` needs to know of a template, found once: the names it puts inside “”, and whether a
    filled-in value can meet a ： or : of its own (one right after a name, or one the template doubles)."""
    quoted = tuple(re.findall(r"“\{(\w+)\}”", template))
    return quoted, bool(re.search(r"\}[：:]", template) or _DOUBLED.search(template))


def normalise(code: str | None) -> str:
    """Map a platform language code (zh-hans, en-US, zh) onto a shipped locale."""
    if not code:
        return DEFAULT
    return "en" if code.lower().startswith("en") else DEFAULT
