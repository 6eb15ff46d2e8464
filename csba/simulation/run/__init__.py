"""Running a scenario: the child process of a replication (``child``), its
loop through the real services (``replication``, ``reactions``,
``console``, ``jobs``), its figures (``figures``, ``staffing_answer``), and
the driver that starts replications and writes the report (``driver``,
``summary``, ``report``, ``progress``). See docs/simulation.md."""
