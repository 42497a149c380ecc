"""The web layer: HTML pages, charts, sharing and live feeds, over the API and the core.

Rooms, each importing only from the ones listed after it (and from ``app.api``, ``app.core``):

- ``pages/``      the explainer ``/`` and every explorer's page
- ``live/``       the JSON a page's script gets on each edit, by GET and WebSocket
- ``sharing/``    embeds, oEmbed, downloads and the share panel's links and snippets
- ``explorers/``  the registry: each explorer's fields, charts, presets and context builder
- ``templating.py`` the Jinja2 environment and its filters
- ``charts/``     Plotly figure dicts, HTML legends and the server's SVG drawing of them
- ``assets.py``, ``mathml.py``, ``formatting.py``: bundled files, math, numbers as text

``docs.py`` serves ``/api/docs``. Tests check that no module imports against this order.
"""
