"""Configuration keys of laodata (declared in config_declaration.yaml)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

SEARCH_BACKEND = "ckanext.laodata.search.backend"
SEARCH_URL = "ckanext.laodata.search.url"
SEARCH_CACHE_SIZE = "ckanext.laodata.search.cache_size"
FACET_FIELDS = "ckanext.laodata.search.facet_fields"
PUBLIC_HEADLINE = "ckanext.laodata.catalog.public_headline"
REVIEWERS_ORGANIZATION = "ckanext.laodata.workflow.reviewers_organization"
NOTICE_DAYS = "ckanext.laodata.workflow.notice_days"
VALIDATION_MAX_BYTES = "ckanext.laodata.quality.max_bytes"
VALIDATION_MAX_ROWS = "ckanext.laodata.quality.max_rows"
VALIDATION_MAX_SECONDS = "ckanext.laodata.quality.max_seconds"
UPLOAD_FORMATS = "ckanext.laodata.quality.upload_formats"
API_ANONYMOUS_RATE = "ckanext.laodata.api.anonymous_rate_limit"

# The portal's texts per language: {(text, lang): key}, e.g.
# ckanext.laodata.portal.site_title_lo (falling back to CKAN's own setting).
SITE_TEXTS = {
    (text, lang): f"ckanext.laodata.portal.{text}_{lang}"
    for text in ("site_title", "intro_text", "about")
    for lang in ("lo", "vi", "en")
}
# CKAN's settings for the same texts and the logo.
CKAN_SITE_TEXTS = {
    "site_title": "ckan.site_title",
    "intro_text": "ckan.site_intro_text",
    "about": "ckan.site_about",
}
SITE_LOGO = "ckan.site_logo"


def search_backend() -> str:
    return tk.config[SEARCH_BACKEND]


def search_url() -> str:
    return tk.config[SEARCH_URL]


def search_cache_size() -> int:
    return tk.config[SEARCH_CACHE_SIZE]


def public_headline() -> bool:
    return tk.config[PUBLIC_HEADLINE]


def site_text(text: str, lang: str) -> str:
    """The deployment's text (``site_title``, ``intro_text``, ``about``) in one language; empty if unset."""
    key = SITE_TEXTS.get((text, lang))
    return (tk.config[key] or "").strip() if key else ""


def ckan_site_text(text: str) -> str:
    """CKAN's own setting for the same text (``ckan.site_title`` ...)."""
    return (tk.config.get(CKAN_SITE_TEXTS[text]) or "").strip()


def site_logo() -> str:
    return tk.config.get(SITE_LOGO) or ""


def reviewers_organization() -> str:
    return tk.config[REVIEWERS_ORGANIZATION]


def notice_days() -> int:
    return tk.config[NOTICE_DAYS]


def validation_max_bytes() -> int:
    return tk.config[VALIDATION_MAX_BYTES]


def validation_max_rows() -> int:
    return tk.config[VALIDATION_MAX_ROWS]


def validation_max_seconds() -> int:
    return tk.config[VALIDATION_MAX_SECONDS]


def upload_formats() -> list[str]:
    return tk.config[UPLOAD_FORMATS]


def mail_configured() -> bool:
    """CKAN's mailer is set up: ``smtp.mail_from`` has no default, so a portal
    that sends mail sets it (``smtp.server`` defaults to localhost)."""
    return bool(tk.config.get("smtp.mail_from"))


def api_anonymous_rate() -> str:
    return tk.config[API_ANONYMOUS_RATE]
