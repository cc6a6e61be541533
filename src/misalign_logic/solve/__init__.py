"""Solve room: grounding, the z3 backend (the only module that imports z3), classify, relate, probability,
coherence, and the pipelines that run them over a spec (check, judge, batch).
"""
