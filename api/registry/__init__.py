"""The registry: organisations, source grants, GP lists; its store, snapshots and routes."""
