"""What every walk of the browser tests does on each page it visits (issue 11):
a screenshot under tests/artifacts/ (not committed), axe-core's check, and at
phone width nothing wider than the screen. Plus the portal's own words in each
language, read from the catalogs it ships (so a walk in Lao or Vietnamese
finds its buttons and messages without restating the translations)."""

from __future__ import annotations

import functools
import gettext
from pathlib import Path
from typing import Any

from .axe import assert_accessible

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
I18N = Path(__file__).resolve().parents[2] / "ckanext-laodata" / "ckanext" / "laodata" / "i18n"
LANGS = ("lo", "vi", "en")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
LOCALES = {"lo": "lo-LA", "vi": "vi-VN", "en": "en-GB"}

# The elements reaching past the screen's right edge (to name them in a failure).
_WIDER_THAN_SCREEN = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(0, 10).map(el => `${el.tagName}.${String(el.className).slice(0, 50)}`)"""


@functools.cache
def words(lang: str) -> gettext.NullTranslations:
    """laodata's catalog for ``lang`` (English: the words themselves)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation("ckanext-laodata", localedir=str(I18N), languages=[lang])


def say(lang: str, text: str) -> str:
    return words(lang).gettext(text)


def no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    wide = page.evaluate(_WIDER_THAN_SCREEN)
    assert width[0] <= width[1], f"{page.url} is {width[0]}px wide on a {width[1]}px screen: {wide}"


def step(page: Any, name: str) -> None:
    """The checks of one step of a walk, and its screenshot (taken first, to see a failure)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    no_sideways_scroll(page)
    assert_accessible(page, name)


def tab_to(page: Any, selector: str, limit: int = 40) -> None:
    """Move the keyboard focus with Tab until it reaches ``selector`` (a form any
    keyboard can use: every control is reachable in order)."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{selector} is not reachable with Tab on {page.url}")
