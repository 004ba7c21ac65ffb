"""Read models: projections of the event log into query tables, and the engine that runs them."""
