"""Scheduled pull of a resource's data from a unit's system (issue 13 item 5)."""
