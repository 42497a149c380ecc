"""The colours of every chart, server-drawn or Plotly's, light and dark, in one place."""

# Okabe–Ito colours: distinguishable with the common forms of colour blindness.
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#5f6b73",
)
GRID = "#eef1f3"  # grid lines on light plots
INK = "#1c2a33"  # marks that are "the answer" (the minimum of J) are drawn in the text colour
DARK = {"paper": "rgba(0,0,0,0)", "plot": "#1b2229", "ink": "#dde5ea", "grid": "#2f3a43"}
