"""The explorers themselves, below every route that shows them: fields and defaults, charts,
presets, the context builder that turns a query into numbers and figures, and the registry
that pages, live feeds and sharing look explorers up in."""
