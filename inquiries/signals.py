"""Signal receivers. They hold no business logic: each enqueues a task on commit."""
