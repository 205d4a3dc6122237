"""A file the portal makes (an export, a data template) sent to the browser as a download."""

from __future__ import annotations

from flask import Response


def attachment(body: bytes, filename: str, mimetype: str) -> Response:
    """``body`` as a download named ``filename``, never rendered by the browser."""
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
