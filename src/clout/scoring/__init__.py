"""Scoring: weighted influence with GDS, calibrated 1-100 scores, runs and history."""
