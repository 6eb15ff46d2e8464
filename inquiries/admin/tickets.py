"""Admin (tickets)."""
