"""AuthZEN Authorization API 1.0: evaluation, batch, search, discovery, their docs and routes."""
