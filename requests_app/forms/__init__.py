"""Forms of requests_app."""
