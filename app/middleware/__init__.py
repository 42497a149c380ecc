"""Pure-ASGI middleware, one concern each: access log, body limit, security headers, caching."""
