"""Celery tasks (intake)."""
