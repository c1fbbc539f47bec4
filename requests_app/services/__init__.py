"""Every write of requests_app goes through a service here, one module per concern: atomic,
keyword-only, auditing, and keeping object permissions in step. A request's status changes only
through `requests_app.workflow`, which the request and review services call."""
