"""Scoring against references with sacrebleu: metrics, reading hypotheses and references, per-sentence
scores."""
