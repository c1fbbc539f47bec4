"""DCF-2131T and DCF-2131F release authorizations, their validation and their PDFs."""
