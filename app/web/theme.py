"""Light and dark pages: the one inline script, and the chart colours a dark page uses.

A reader's choice from the theme toggle (static/js/theme.js) is kept in localStorage; this
script applies it before the first paint, so a page never flashes the other theme (and the
same for the Code panel's framework). It is the
only inline script: the Content-Security-Policy admits it by its hash (``INLINE_SCRIPTS`` go
to the security middleware), and nothing else inline runs.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from app.web.charts.palette import DARK, INK

STORAGE_KEY = "gradient-lens-theme"
# The Code panel's framework (static/js/code-panel.js), shown before the first paint as well:
# site.css shows the tab and script that html[data-code] names, so nothing moves when the
# panel's script runs. Without the attribute (no script at all) every framework's code shows.
CODE_STORAGE_KEY = "gradient-lens-code"
EARLY_SCRIPT = (
    '(function(){var d=document.documentElement;d.setAttribute("data-code","numpy");'
    f'try{{var t=localStorage.getItem("{STORAGE_KEY}");'
    'if(t==="dark"||t==="light")d.classList.add("theme-"+t);'
    f'var c=localStorage.getItem("{CODE_STORAGE_KEY}");'
    'if(c==="torch"||c==="jax")d.setAttribute("data-code",c)}catch(e){}})()'
)
INLINE_SCRIPTS = (EARLY_SCRIPT,)


def early_theme_script() -> Markup:
    return Markup(f"<script>{EARLY_SCRIPT}</script>")


def dark_chart_colours() -> str:
    """What static/js/charts.js recolours a Plotly figure with on a dark page: the same as
    ``themed(figure, "dark")`` does on the server (app/web/charts/figures.py)."""
    return json.dumps({**DARK, "light_ink": INK}, separators=(",", ":"))
