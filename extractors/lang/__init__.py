"""The language layer: each piece of knowledge of Vietnamese administrative prose, in one home.

Extractors import these rules instead of writing their own copies, so the copies cannot disagree.
"""
