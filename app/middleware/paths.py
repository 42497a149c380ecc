"""The path a request names within the app, whatever prefix it is served under."""

from __future__ import annotations

from starlette.types import Scope


def route_path(scope: Scope) -> str:
    """``/model`` for ``/course/lens/model`` when the app is served under ``/course/lens``:
    servers put the prefix (ROOT_PATH) in front of the path, and rules about paths (what to
    cache, what may be framed, what is open to other sites) are about the app's own."""
    root = scope.get("root_path", "")
    path = scope["path"]
    return path[len(root) :] or "/" if root and path.startswith(root) else path
