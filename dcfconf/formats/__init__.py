"""The portal's own formats, over Django's English ones (FORMAT_MODULE_PATH)."""
