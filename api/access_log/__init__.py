"""The access log: the hash-chained store, its records of a decision, its views and routes."""
