"""The simulation engine: models that planners run against the domain rules."""
