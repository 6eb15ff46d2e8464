"""Planners in the browser: scenario runs as rows (``models``), launched and
cancelled by ``services``, carried out by Celery tasks on the ``simulation``
queue (``tasks``: one task per replication, a merge step when the last one
ends), shown by ``views``; and the demo marketplace seeded from a simulation
(``seeding``) with a live trickle of contacts (``live``)."""
