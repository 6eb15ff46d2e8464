"""The agent pool: a queueing engine (``engine``) the scenario simulator
builds on, the Erlang C and Erlang A closed forms it is checked against
(``erlang``), and staffing per interval and language (``staffing``,
``planning``). See docs/simulation.md."""
