"""Celery tasks (tickets)."""
