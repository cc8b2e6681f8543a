"""Pure Python rules: scoring, grading, working days, deadlines, plan tailoring, hash chains.

Nothing in this package imports Django; safeplan.domain.tests.test_purity enforces it.
"""
