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
REFRESH_POLICY = "ckanext.laodata.workflow.refresh_policy"
REFRESH_POLICIES = ("validated", "strict")
REVIEW_QUEUE_PAGE_SIZE = "ckanext.laodata.workflow.review_queue_page_size"
VALIDATION_MAX_BYTES = "ckanext.laodata.quality.max_bytes"
VALIDATION_MAX_ROWS = "ckanext.laodata.quality.max_rows"
VALIDATION_MAX_SECONDS = "ckanext.laodata.quality.max_seconds"
UPLOAD_FORMATS = "ckanext.laodata.quality.upload_formats"
PULL_MAX_SECONDS = "ckanext.laodata.pull.max_seconds"
PULL_ALLOW_LOOPBACK = "ckanext.laodata.pull.allow_loopback"  # tests only
DELIVERY_COMPRESS = "ckanext.laodata.delivery.compress"
CORS_ORIGINS = "ckanext.laodata.api.cors_origins"
FRESHNESS_ESCALATE_DAYS = "ckanext.laodata.freshness.escalate_days"
FRESHNESS_OFFICE = "ckanext.laodata.freshness.office_organization"
API_ANONYMOUS_RATE = "ckanext.laodata.api.anonymous_rate_limit"
CHART_MAX_ROWS = "ckanext.laodata.chart.max_rows"

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


def delivery_compress() -> bool:
    return tk.config[DELIVERY_COMPRESS]


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


def refresh_policy() -> str:
    """``validated`` or ``strict`` (workflow/refresh.py); any other value is taken as ``strict``."""
    value = str(tk.config[REFRESH_POLICY] or "").strip().lower()
    return value if value in REFRESH_POLICIES else "strict"


def review_queue_page_size() -> int:
    return tk.config[REVIEW_QUEUE_PAGE_SIZE]


def validation_max_bytes() -> int:
    return tk.config[VALIDATION_MAX_BYTES]


def validation_max_rows() -> int:
    return tk.config[VALIDATION_MAX_ROWS]


def validation_max_seconds() -> int:
    return tk.config[VALIDATION_MAX_SECONDS]


def upload_formats() -> list[str]:
    return tk.config[UPLOAD_FORMATS]


def pull_max_seconds() -> int:
    return tk.config[PULL_MAX_SECONDS]


def pull_allow_loopback() -> bool:
    return tk.config[PULL_ALLOW_LOOPBACK]


def max_resource_bytes() -> int:
    """CKAN's upload limit (``ckan.max_resource_size``, MB) in bytes."""
    return int(tk.config["ckan.max_resource_size"] or 0) * 1024 * 1024


def cors_origins() -> list[str]:
    return tk.aslist(tk.config[CORS_ORIGINS])


def freshness_escalate_days() -> int:
    return tk.config[FRESHNESS_ESCALATE_DAYS]


def freshness_office() -> str:
    return tk.config[FRESHNESS_OFFICE]


def mail_configured() -> bool:
    """CKAN's mailer is set up: ``smtp.mail_from`` has no default, so a portal
    that sends mail sets it (``smtp.server`` defaults to localhost)."""
    return bool(tk.config.get("smtp.mail_from"))


AUDIT_DIRECTORY = "ckanext.laodata.audit.directory"
AUDIT_RETENTION_DAYS = "ckanext.laodata.audit.retention_days"
MAX_FAILED_LOGINS = "ckanext.laodata.accounts.max_failed_logins"
LOCKOUT_MINUTES = "ckanext.laodata.accounts.lockout_minutes"
IP_MAX_FAILED_LOGINS = "ckanext.laodata.accounts.ip_max_failed_logins"
IP_WINDOW_MINUTES = "ckanext.laodata.accounts.ip_window_minutes"
TRUSTED_PROXIES = "ckanext.laodata.accounts.trusted_proxies"
PASSWORD_MIN_LENGTH = "ckanext.laodata.accounts.password_min_length"
PASSWORD_MIN_CLASSES = "ckanext.laodata.accounts.password_min_classes"
PASSWORD_HISTORY = "ckanext.laodata.accounts.password_history"
IDLE_MINUTES = "ckanext.laodata.accounts.idle_minutes"
API_TOKEN_MAX_DAYS = "ckanext.laodata.accounts.api_token_max_days"
INACTIVE_DAYS = "ckanext.laodata.accounts.inactive_days"
MIN_AUDIT_RETENTION_DAYS = 90


def audit_directory() -> str:
    return (tk.config[AUDIT_DIRECTORY] or "").strip()


def audit_retention_days() -> int:
    return max(int(tk.config[AUDIT_RETENTION_DAYS]), MIN_AUDIT_RETENTION_DAYS)


def max_failed_logins() -> int:
    return max(int(tk.config[MAX_FAILED_LOGINS]), 1)


def lockout_minutes() -> int:
    return max(int(tk.config[LOCKOUT_MINUTES]), 1)


def ip_max_failed_logins() -> int:
    return max(int(tk.config[IP_MAX_FAILED_LOGINS]), 1)


def ip_window_minutes() -> int:
    return max(int(tk.config[IP_WINDOW_MINUTES]), 1)


def trusted_proxies() -> int:
    return max(int(tk.config[TRUSTED_PROXIES]), 0)


def password_min_length() -> int:
    return int(tk.config[PASSWORD_MIN_LENGTH])


def password_min_classes() -> int:
    return min(max(int(tk.config[PASSWORD_MIN_CLASSES]), 0), 4)


def password_history() -> int:
    return max(int(tk.config[PASSWORD_HISTORY]), 0)


def idle_minutes() -> int:
    return max(int(tk.config[IDLE_MINUTES]), 1)


def api_token_max_days() -> int:
    return max(int(tk.config[API_TOKEN_MAX_DAYS]), 1)


def inactive_days() -> int:
    return max(int(tk.config[INACTIVE_DAYS]), 0)


SECOND_FACTOR_ROLES = "ckanext.laodata.accounts.second_factor_roles"


def second_factor_roles() -> list[str]:
    value = tk.config[SECOND_FACTOR_ROLES]
    return value.split() if isinstance(value, str) else list(value or [])


def api_anonymous_rate() -> str:
    return tk.config[API_ANONYMOUS_RATE]


def chart_max_rows() -> int:
    return tk.config[CHART_MAX_ROWS]
