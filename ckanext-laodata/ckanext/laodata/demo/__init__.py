"""Sample data for a portal that has just been set up."""
