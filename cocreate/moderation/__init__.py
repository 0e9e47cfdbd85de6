"""Moderation and trust: reports, hiding pending a moderator, the moderation queue and its audit
log, and rate limits that grow with trust."""
