"""Health of the services the portal needs (the container HEALTHCHECK and load balancers)."""
