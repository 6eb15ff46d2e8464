"""Celery tasks (cases)."""
