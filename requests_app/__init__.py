"""Clients, cases, staff, disclosure requests, the 31-8-5 policy engine and its review."""
