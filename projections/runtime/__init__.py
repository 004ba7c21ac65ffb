"""The projection runtime: what a projection is, the unit of work its handlers write through,
the engine that folds the log into read models in batches, and the rebuilds that swap in new
versions. The read models themselves are the other modules of `projections`."""
