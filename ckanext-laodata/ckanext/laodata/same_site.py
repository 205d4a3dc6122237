"""No page calls an outside service: the pictures a page may load.

A picture on a page makes every visitor's browser fetch it from where it is
kept, so a picture kept on another site tells that site who reads the portal
and when. The portal draws pictures from this site only: an uploaded file (CKAN
keeps an upload's file name, not an address, in ``image_url``), a path on this
site, or an address on the portal's own host (``ckan.site_url``).

- a unit's picture (``image_url``) given as an outside address is refused by
  the unit form and the API (``laodata_same_site_image``, named by
  ``schemas/organization.yaml``); one stored before is not drawn, the unit's
  placeholder is (``picture``, by the unit and group templates);
- an outside picture in Markdown text (dataset, unit and resource
  descriptions) becomes a link to it (``without_outside_images``, by the
  ``render_markdown`` helper);
- an image view of a file kept on another site shows a link to it instead of
  the picture (``picture``, by ``image_view.html``);
- a user's picture kept on another site is drawn as CKAN's placeholder (the
  ``user_image`` helper, by ``first_source``).
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk

WEB = ("http", "https")


def _origin(url: str) -> tuple[str, int | None] | None:
    """``(host, port)`` of an address that names a host; ``None`` for a path or a file name."""
    parts = urlsplit(url.strip())
    if not parts.netloc and not parts.scheme:
        return None
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: no host this site has
        return ("", None)
    scheme = parts.scheme.lower() or "https"
    return ((parts.hostname or "").lower(), port or (443 if scheme == "https" else 80))


def is_same_site(url: str | None) -> bool:
    """Whether loading ``url`` stays on this site: empty, a path or file name,
    or an http(s) address on ``ckan.site_url``'s host and port."""
    if not url or not url.strip():
        return True
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme and scheme not in WEB:
        return False
    origin = _origin(url)
    return origin is None or origin == _origin(str(tk.config.get("ckan.site_url") or ""))


def host(url: str) -> str:
    """The host an address names (for messages and link labels)."""
    return urlsplit(url.strip()).hostname or url


def laodata_same_site_image(value: Any) -> Any:
    """A unit's picture: an uploaded image or an address on this site, never another site's."""
    if isinstance(value, str) and not is_same_site(value):
        raise tk.Invalid(
            tk._(
                "Upload the image, or give its address on this portal: an image kept on {host} "
                "would make every visitor's browser call {host}"
            ).format(host=host(value))
        )
    return value


def picture(url: str | None) -> str:
    """``url`` when a page may load it (this site's), else empty (the caller draws its placeholder)."""
    return url if url and is_same_site(url) else ""


_SRC = re.compile(r'<img\b[^>]*\ssrc="([^"]*)"', re.IGNORECASE)


def first_source(rendered: str) -> str | None:
    """The address of the first picture in HTML CKAN wrote (double-quoted attributes), if any."""
    match = _SRC.search(rendered)
    return html.unescape(match.group(1)) if match else None


# Markdown as CKAN renders it (sanitised by nh3: double-quoted, escaped attribute values).
_TAGS = re.compile(r"<img\b[^>]*>|<a\b[^>]*>|</a\s*>", re.IGNORECASE)
_ATTR = re.compile(r'\b(src|alt)="([^"]*)"')


def without_outside_images(rendered: str) -> str:
    """Rendered, sanitised Markdown with each picture kept on another site replaced
    by a link to it (by its text alone inside a link): the page loads nothing from there."""
    out: list[str] = []
    last = 0
    in_link = 0
    for match in _TAGS.finditer(rendered):
        tag = match.group(0)
        lowered = tag.lower()
        if lowered.startswith("</a"):
            in_link = max(0, in_link - 1)
            continue
        if lowered.startswith("<a"):
            in_link += 1
            continue
        attrs = dict(_ATTR.findall(tag))
        src = attrs.get("src", "")
        if is_same_site(html.unescape(src)):
            continue
        label = attrs.get("alt") or html.escape(
            tk._("Image on {host}").format(host=host(html.unescape(src))), quote=False
        )
        out.append(rendered[last : match.start()])
        out.append(label if in_link else f'<a href="{src}" rel="nofollow noopener noreferrer">{label}</a>')
        last = match.end()
    out.append(rendered[last:])
    return "".join(out)
