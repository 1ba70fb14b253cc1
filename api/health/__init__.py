"""/health: the service's status and the database probe."""
