"""The portal's template helpers (``h.laodata_*``, registered by ``helpers.py``)."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlsplit

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import contacts, language, same_site
from ..access import roles
from ..catalog import freshness
from ..labels import laodata_lang
from . import content, errors, home, scripts, site

NATIVE_NAMES = {"lo": "ລາວ", "vi": "Tiếng Việt", "en": "English"}  # each language in itself


def laodata_site_title() -> str:
    return site.text("site_title", laodata_lang())


def laodata_site_intro() -> str:
    return site.text("intro_text", laodata_lang())


def laodata_site_about() -> str:
    return site.text("about", laodata_lang())


def laodata_site_logo() -> str:
    return tk.h.url_for_static_or_external(site.logo())


def laodata_languages() -> list[dict[str, Any]]:
    """The language picker: ``{code, name, url, current}`` for lo, vi, en (this page in each)."""
    current = laodata_lang()
    # CKAN's own list (get_available_locales) leaves out a language it has no
    # catalog for, such as Lao: the offered locales are the setting.
    offered = set(tk.config.get("ckan.locales_offered") or language.LANGUAGES)
    return [
        {
            "code": code,
            "name": NATIVE_NAMES[code],
            "url": tk.h.url_for(tk.h.current_url(), locale=code),
            "current": code == current,
        }
        for code in language.LANGUAGES
        if code in offered
    ]


def laodata_login_url() -> str:
    """The log-in page, in the page's language, bringing the visitor back to
    this page (in this language) afterwards (CKAN's ``came_from``)."""
    here = tk.h.url_for(tk.h.current_url(), locale=laodata_lang())
    login = tk.h.url_for("user.login")
    path = urlsplit(here).path
    if path.rstrip("/").endswith(("/user/login", "/user/logged_out_redirect", "/user/_logout")):
        return login
    return tk.h.url_for("user.login", came_from=here)


def laodata_text(data: dict[str, Any], field: str) -> str:
    """A dataset's or unit's ``title``/``notes`` in the reader's language (``language.py``)."""
    return language.translated(data, field, laodata_lang())


def laodata_unit_title(unit: dict[str, Any] | str | None) -> str:
    return content.unit_title(unit)


def laodata_home() -> dict[str, Any]:
    return home.figures()


def laodata_freshness(pkg: dict[str, Any]) -> dict[str, Any]:
    """``{state, label, last_updated, next_due}`` of a dataset, for its page."""
    fresh = freshness.freshness(
        pkg.get("update_frequency"), pkg.get("metadata_modified"), datetime.datetime.utcnow()
    )
    labels = {
        freshness.UP_TO_DATE: tk._("Up to date"),
        freshness.OUT_OF_DATE: tk._("Update overdue"),
        freshness.NO_SCHEDULE: tk._("No update schedule"),
    }
    return {
        "state": fresh.state,
        "label": labels[fresh.state],
        "last_updated": fresh.last_updated,
        "next_due": fresh.next_due,
    }


def laodata_is_dataset_staff(pkg: dict[str, Any]) -> bool:
    """Whether the visitor is staff for this dataset (its unit or a reviewer):
    who sees its review status (``access/roles.py``)."""
    if not tk.current_user.is_authenticated:
        return False
    package = model.Package.get(pkg.get("id") or "")
    return package is not None and roles.is_staff_for(tk.current_user.name, package)


def laodata_dataset_contact(pkg: dict[str, Any]) -> dict[str, str]:
    """Whom to ask about a dataset (contacts.py)."""
    return contacts.dataset_contact(pkg)


def laodata_lean_scripts() -> bool:
    """Whether this page loads only laodata's public script (portal/scripts.py)."""
    return scripts.lean_scripts()


def laodata_error_page(code: Any, name: Any, content: Any) -> dict[str, Any]:
    """An error page's words in the page's language (portal/errors.py)."""
    return errors.error_page(code, name, content)


def laodata_picture(url: str | None) -> str:
    """A picture's address when a page may load it (this site's), else empty (same_site.py)."""
    return same_site.picture(url)


def laodata_host(url: str) -> str:
    """The host an address names (same_site.py)."""
    return same_site.host(url)


@tk.chained_helper
def render_markdown(next_helper: Any, data: str, auto_link: bool = True, allow_html: bool = False) -> Any:
    """CKAN's Markdown, with pictures kept on another site turned into links (same_site.py)."""
    rendered = next_helper(data, auto_link=auto_link, allow_html=allow_html)
    return tk.literal(same_site.without_outside_images(str(rendered))) if rendered else rendered


@tk.chained_helper
def user_image(next_helper: Any, user_id: str, size: int = 100) -> Any:
    """CKAN's user picture, or its placeholder when the picture is kept on another site (same_site.py)."""
    rendered = next_helper(user_id, size=size)
    source = same_site.first_source(str(rendered or ""))
    if source is None or same_site.is_same_site(source):
        return rendered
    user = tk.get_action("user_show")({"ignore_auth": True}, {"id": user_id})
    return tk.h.snippet("user/snippets/placeholder.html", size=size, user_name=user["display_name"])
