"""Template tags of forms_app."""
