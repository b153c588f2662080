"""C2SP signed notes and tlog checkpoints with Ed25519 (no Django).

Formats: https://github.com/C2SP/C2SP/blob/main/signed-note.md and tlog-checkpoint.md.
A checkpoint body is "<origin>\\n<size>\\n<base64 root>\\n"; the note is the body, a blank line and
one line per signature, "— <key name> <base64(4-byte key id || 64-byte signature)>". The key id is the
first 4 bytes of SHA-256(key name || 0x0A || 0x01 || 32-byte public key). Keys are written like Go's
golang.org/x/mod/sumdb/note: "PRIVATE+KEY+<name>+<id hex>+<base64(0x01 || seed)>" and the verifier key
"<name>+<id hex>+<base64(0x01 || public key)>", so standard tools can check our checkpoints.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = b"\x01"
DASH = "\u2014"


class NoteError(ValueError):
    """A note, checkpoint or key that is malformed or does not verify."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise NoteError("not base64") from exc


def _check_name(name: str) -> None:
    if not name or any(c.isspace() for c in name) or "+" in name:
        raise NoteError("a key name is non-empty and has no spaces or '+'")


def key_id(name: str, public: bytes) -> bytes:
    """The 4-byte key id of an Ed25519 key (signed-note §Ed25519)."""
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public).digest()[:4]


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class Signer:
    """A named Ed25519 signing key."""

    name: str
    private: Ed25519PrivateKey

    @property
    def public(self) -> bytes:
        return public_bytes(self.private.public_key())

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.public)

    @property
    def verifier_key(self) -> str:
        """The public verifier key in note format: name+idhex+base64(0x01||pub)."""
        return f"{self.name}+{self.key_id.hex()}+{_b64(ED25519 + self.public)}"

    def encoded(self) -> str:
        """The private key in note format (keep secret)."""
        seed = self.private.private_bytes_raw()
        return f"PRIVATE+KEY+{self.name}+{self.key_id.hex()}+{_b64(ED25519 + seed)}"


def signer_generate(name: str) -> Signer:
    """A fresh random key."""
    _check_name(name)
    return Signer(name, Ed25519PrivateKey.generate())


def signer_parse(text: str) -> Signer:
    """A key written as PRIVATE+KEY+name+idhex+base64(0x01||seed)."""
    parts = text.strip().split("+", 4)
    if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
        raise NoteError("a signing key looks like PRIVATE+KEY+<name>+<id>+<base64>")
    raw = _unb64(parts[4])
    if len(raw) != 33 or raw[:1] != ED25519:
        raise NoteError("only Ed25519 keys are supported")
    signer = Signer(parts[2], Ed25519PrivateKey.from_private_bytes(raw[1:]))
    if signer.key_id.hex() != parts[3].lower():
        raise NoteError("the key id does not match the key")
    return signer


@dataclass(frozen=True)
class Verifier:
    """A named Ed25519 public key."""

    name: str
    public: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.public)


def verifier_parse(text: str) -> Verifier:
    """A verifier key written as name+idhex+base64(0x01||public key)."""
    parts = text.strip().split("+", 2)
    if len(parts) != 3:
        raise NoteError("a verifier key looks like <name>+<id>+<base64>")
    raw = _unb64(parts[2])
    if len(raw) != 33 or raw[:1] != ED25519:
        raise NoteError("only Ed25519 keys are supported")
    verifier = Verifier(parts[0], raw[1:])
    if verifier.key_id.hex() != parts[1].lower():
        raise NoteError("the key id does not match the key")
    return verifier


def checkpoint_body(origin: str, size: int, root: bytes) -> str:
    """The three checkpoint lines, each ending in a newline."""
    if not origin or "\n" in origin:
        raise NoteError("the origin is one non-empty line")
    return f"{origin}\n{size}\n{_b64(root)}\n"


def note_sign(body: str, signer: Signer) -> str:
    """A signed note: the body, a blank line, one signature line."""
    if not body.endswith("\n") or "\n\n" in body:
        raise NoteError("a note body ends with a newline and has no blank line")
    signature = signer.private.sign(body.encode())
    return f"{body}\n{DASH} {signer.name} {_b64(signer.key_id + signature)}\n"


@dataclass(frozen=True)
class Checkpoint:
    """A parsed, verified checkpoint."""

    origin: str
    size: int
    root: bytes
    signed_by: str
    extensions: tuple[str, ...] = ()


def _signatures(block: str) -> list[tuple[str, bytes]]:
    lines = block.split("\n")
    if lines[-1] != "" or len(lines) < 2:
        raise NoteError("a signature block ends with a newline")
    out = []
    for line in lines[:-1]:
        prefix = DASH + " "
        if not line.startswith(prefix):
            raise NoteError("a signature line starts with an em dash and a space")
        parts = line[len(prefix) :].split(" ")
        if len(parts) != 2:
            raise NoteError("a signature line is '— <name> <signature>'")
        out.append((parts[0], _unb64(parts[1])))
    return out


def note_verify(note: str, verifiers: Iterable[Verifier]) -> tuple[str, str]:
    """The body and the name of the first known key whose signature verifies; NoteError otherwise."""
    body, sep, block = note.rpartition("\n\n")
    if not sep:
        raise NoteError("a signed note has a blank line before its signatures")
    body += "\n"
    known = {(v.name, v.key_id): v for v in verifiers}
    for name, sig in _signatures(block):
        verifier = known.get((name, sig[:4]))
        if verifier is None or len(sig) != 68:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(verifier.public).verify(sig[4:], body.encode())
        except InvalidSignature as exc:
            raise NoteError(f"the signature by {name} does not verify") from exc
        return body, name
    raise NoteError("no signature by a trusted key")


def checkpoint_parse(body: str) -> tuple[str, int, bytes, tuple[str, ...]]:
    """Origin, size, root and extension lines of a checkpoint body."""
    lines = body.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise NoteError("a checkpoint has an origin, a size and a root line")
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if not origin:
        raise NoteError("empty origin")
    if not size_text.isdigit() or (size_text != "0" and size_text.startswith("0")):
        raise NoteError("the size is a decimal number without leading zeros")
    root = _unb64(root_text)
    if len(root) != 32:
        raise NoteError("the root hash has 32 bytes")
    return origin, int(size_text), root, tuple(lines[3:-1])


def checkpoint_verify(note: str, verifiers: Iterable[Verifier], origin: str | None = None) -> Checkpoint:
    """Verify a signed checkpoint and parse it; the origin must match when given."""
    body, name = note_verify(note, verifiers)
    parsed_origin, size, root, extensions = checkpoint_parse(body)
    if origin is not None and parsed_origin != origin:
        raise NoteError(f"the origin is {parsed_origin!r}, not {origin!r}")
    return Checkpoint(parsed_origin, size, root, name, extensions)
