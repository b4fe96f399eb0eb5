"""Tools for trying newsalign without trained weights: a Marian model with random weights."""
