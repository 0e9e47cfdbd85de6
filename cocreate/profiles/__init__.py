"""People's public pages: what a person proposed, remixed and said, as the viewer may see it."""
