"""The LTI 1.3 tool: course platforms (Canvas, Moodle, Blackboard, Brightspace) launch Gradient
Lens and insert its views by Deep Linking.

A room of its own beside ``app.web``: it may use the web rooms (explorers, sharing links,
templates), and nothing in ``app.web`` imports it. pylti1p3next does the protocol; this package
adapts it to FastAPI (adapter), keeps registrations and spent nonces in a database (store), holds
the signing keys (keys) and answers the routes (routes).
"""
