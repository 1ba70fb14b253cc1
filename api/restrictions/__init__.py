"""Patient restrictions (objections, reservations, blocks): their store and routes."""
