"""Charts: the palette, Plotly figure dicts for each explorer, HTML legends, and ``svg/``, which
draws a figure on the server. Nothing here knows about pages, routes or requests."""
