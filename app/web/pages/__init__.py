"""Pages a reader opens: the explainer ``/`` and one page per explorer, ``/{kind}``."""
