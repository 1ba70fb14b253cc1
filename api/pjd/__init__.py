"""The PJD decision: the request body, its facts, the one decision path and its route."""
