"""The agent console: the queue, the ticket page and every agent action
(``services/``), the reads behind the pages (``selectors/``), the pages
themselves (``views``, ``forms``, ``urls``)."""
