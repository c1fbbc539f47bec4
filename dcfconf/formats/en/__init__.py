"""The portal's English formats (`formats.py`)."""
