"""The simulated world, each part a documented, parameterised distribution:
sellers and their catalog (``population``, ``catalog``, ``kinds``), orders
and parcels (``orders``), contacts and their texts (``contacts``,
``texts``), agents' decisions (``agents``), buyers' reactions (``buyers``).
See docs/simulation.md, "The world, part by part"."""
