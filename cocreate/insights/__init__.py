"""Insights: what a challenge's designs say together (changes, allocation, consensus, schools of
thought, constraint pressure, lead users), computed by the pure core in ``analysis/``."""
