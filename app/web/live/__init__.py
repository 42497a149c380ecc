"""The live feed: what an explorer page's script receives on each edit, by GET or WebSocket."""
