"""The tool's signing keys: one RSA private key that signs (the same on every replica, from the
settings), and the public keys the JWKS publishes (that key's and, after a rotation, the previous
ones'). Every key carries its ``kid``, the RFC 7638 thumbprint, so a platform picks the right one.

A development key is written on first use only outside production, so the quick start needs no
set-up; in production a missing key is an error that says which setting to fill.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from jwcrypto.jwk import JWK

from app.lti.config import LtiConfig

PEM_BLOCK = re.compile(r"-----BEGIN [A-Z ]+-----.+?-----END [A-Z ]+-----", re.DOTALL)
DEV_KEY_NAME = "dev-private-key.pem"


class KeyNotConfigured(RuntimeError):
    """Production without LTI_PRIVATE_KEY or LTI_PRIVATE_KEY_FILE."""


@dataclass(frozen=True)
class ToolKeys:
    private_pem: str
    kid: str
    published: tuple[dict[str, Any], ...]  # public JWKs, the signing one first

    @classmethod
    def from_pems(cls, private_pem: str, previous: list[str] = ()) -> ToolKeys:  # type: ignore[assignment]
        signing = public_jwk(private_pem)
        others = [public_jwk(pem) for pem in previous]
        unique = {jwk["kid"]: jwk for jwk in [signing, *others]}
        return cls(private_pem, signing["kid"], tuple(unique.values()))

    def jwks(self) -> dict[str, Any]:
        return {"keys": list(self.published)}

    @property
    def public_pem(self) -> str:
        return JWK.from_pem(self.private_pem.encode()).export_to_pem().decode()

    def sign(self, claims: dict[str, Any], lifetime: int) -> str:
        now = int(time.time())
        body = {**claims, "iat": now, "exp": now + lifetime}
        return jwt.encode(body, self.private_pem, algorithm="RS256", headers={"kid": self.kid})

    def verify(self, token: str, audience: str) -> dict[str, Any]:
        """The claims of a token this tool signed (with any published key) for ``audience``;
        raises ``jwt.InvalidTokenError`` for a forged, altered or expired one."""
        kid = jwt.get_unverified_header(token).get("kid")
        match = [jwk for jwk in self.published if jwk["kid"] == kid]
        if not match:
            raise jwt.InvalidTokenError("signed by a key this tool does not publish")
        key = jwt.PyJWK(match[0]).key
        return jwt.decode(token, key, algorithms=["RS256"], audience=audience)


def public_jwk(pem: str) -> dict[str, Any]:
    key = JWK.from_pem(pem.encode())
    jwk = json.loads(key.export_public())
    return {**jwk, "kid": key.thumbprint(), "alg": "RS256", "use": "sig"}


def load_keys(config: LtiConfig) -> ToolKeys:
    private = _configured_private_key(config)
    if private is None:
        if config.production:
            raise KeyNotConfigured(
                "ENVIRONMENT=production and no LTI key: set LTI_PRIVATE_KEY_FILE (or "
                "LTI_PRIVATE_KEY) to the tool's RSA private key, the same on every replica"
            )
        private = development_key(config.data_dir / DEV_KEY_NAME)
    previous = []
    if config.previous_keys_file:
        previous = PEM_BLOCK.findall(config.previous_keys_file.read_text())
    return ToolKeys.from_pems(private, previous)


def _configured_private_key(config: LtiConfig) -> str | None:
    if config.private_key:
        return config.private_key.replace("\\n", "\n")
    if config.private_key_file:
        return config.private_key_file.read_text()
    return None


def development_key(path: Path) -> str:
    """The key at ``path``, made there first if there is none: written to a temporary file and
    linked into place, so two replicas starting together end up with the same key."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = new_private_key()
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(pem)
        temporary.chmod(0o600)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text()


def new_private_key(bits: int = 2048) -> str:
    return (
        JWK.generate(kty="RSA", size=bits).export_to_pem(private_key=True, password=None).decode()
    )
