"""The keyed, tamper-evident chain: a key that is missing or does not fit."""

from __future__ import annotations

from supervision._exceptions._base import SupervisionError

__all__ = ["ChainKeyError"]


class ChainKeyError(SupervisionError):
    """Raised when the chain of records needs a key the caller did not give (链密钥缺失或不符):
    appending unkeyed rows to a chain that is already keyed (which would weaken it), or
    signing a chain head without a key. ``key_id`` names the key that is needed (None when any
    key would do) and ``problem`` says what is wrong. Nothing was stored.

    Pass the integrator's key ring: ``bootstrap(..., chain_key=Keyring.of(...))`` or
    ``SqlAlchemyUnitOfWork(engine, chain_key=...)`` (docs/security.md, "The keyed chain").
    """

    key_id: str | None
    problem: str

    def __init__(self, problem: str, *, key_id: str | None = None) -> None:
        needed = f" (key id {key_id!r})" if key_id is not None else ""
        super().__init__(
            f"chain key missing or unsuitable{needed} (链密钥缺失或不符): {problem}; pass the "
            "key ring the chain is kept with (chain_key=Keyring.of(ChainKey.of(key_id, "
            "secret))), see docs/security.md",
            key_id=key_id,
            problem=problem,
        )
