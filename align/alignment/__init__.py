"""Sentence alignment: the bead dynamic program (``sentences``), and sentence pairs of an article and its
English version (``bitext``)."""
