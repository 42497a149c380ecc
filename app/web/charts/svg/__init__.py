"""Server-side SVG of a Plotly figure dict: the renderer, axes, elements and raster fields."""
