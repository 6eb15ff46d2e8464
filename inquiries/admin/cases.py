"""Admin (cases)."""
