"""The audit log's events as the UI names them (in the page's language)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import audit


def laodata_audit_event_label(event: str) -> str:
    labels = {
        audit.LOGIN_SUCCESS: tk._("Log-in"),
        audit.LOGIN_FAILURE: tk._("Failed log-in"),
        audit.LOGIN_REFUSED: tk._("Log-in refused (locked or throttled)"),
        audit.ACCOUNT_LOCKED: tk._("Account locked"),
        audit.ACCOUNT_UNLOCKED: tk._("Account unlocked"),
        audit.ACCOUNT_DISABLED: tk._("Account disabled"),
        audit.ACCOUNT_ENABLED: tk._("Account enabled"),
        audit.LOGOUT: tk._("Log-out"),
        audit.SESSION_EXPIRED: tk._("Idle session ended"),
        audit.PASSWORD_CHANGED: tk._("Password changed"),
        audit.TOKEN_CREATED: tk._("API token created"),
        audit.TOKEN_REVOKED: tk._("API token revoked"),
        audit.TOKEN_REFUSED: tk._("API token refused"),
        audit.MEMBERSHIP_ADDED: tk._("Membership added or changed"),
        audit.MEMBERSHIP_REMOVED: tk._("Membership removed"),
        audit.SYSADMIN_CHANGED: tk._("Sysadmin right changed"),
        audit.WORKFLOW_DECISION: tk._("Workflow decision"),
        audit.CLASS_CHANGED: tk._("Classes changed"),
        audit.DOWNLOAD_NON_PUBLIC: tk._("Download of a non-public file"),
        audit.READ_DENIED: tk._("Read of a non-public dataset refused"),
        audit.AUDIT_EXPORTED: tk._("Audit log exported"),
        audit.SECOND_FACTOR_ENROLLED: tk._("Second factor enrolled"),
        audit.SECOND_FACTOR_FAILED: tk._("Wrong second-factor code"),
        audit.SECOND_FACTOR_RESET: tk._("Second factor reset"),
        audit.RECOVERY_CODE_USED: tk._("Recovery code used"),
    }
    return labels.get(event, event)
