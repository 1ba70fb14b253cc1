"""The PJD decision service: FastAPI app, persistence and wiring."""
