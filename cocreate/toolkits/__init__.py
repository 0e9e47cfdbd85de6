"""Bundled toolkit documents (JSON data), read by ``cocreate.design.load_bundled``."""
