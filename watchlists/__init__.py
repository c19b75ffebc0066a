"""Watchbot's pure core: list entities, name folding, list parsers and the matcher.

Nothing here imports the rest of Watchbot or does network or database I/O.
"""
