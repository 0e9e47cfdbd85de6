"""Kind ``section``: an ordered row of typed parts with widths filling a length (streets,
shelves, platforms)."""
