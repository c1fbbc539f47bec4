"""Views of requests_app, split by screen family."""
