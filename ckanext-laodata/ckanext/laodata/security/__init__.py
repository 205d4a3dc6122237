"""Account security (issue 14): the security audit log, log-in lockout and
throttling, the password policy, idle sessions, API token lifetimes and
inactive accounts."""
