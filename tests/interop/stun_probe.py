"""STUN Binding requests built byte by byte, for probing an ICE agent from a plain UDP
socket: RFC 8489 (STUN) with the short-term credentials and attributes of RFC 8445 (ICE).

Written independently of the gateway's Swift code, so that a test using it checks the
gateway against the RFCs rather than against itself."""

import hashlib
import hmac
import os
import socket
import struct
import zlib
from dataclasses import dataclass, field

# RFC 8489 §5: every message starts with this magic cookie after the type and length.
MAGIC_COOKIE = 0x2112A442
HEADER_LENGTH = 20

# RFC 8489 §5 / §6: message types (method Binding = 0x001, with the class bits).
BINDING_REQUEST = 0x0001
BINDING_SUCCESS = 0x0101
BINDING_ERROR = 0x0111

# RFC 8489 §18.3 and RFC 8445 §16.1: attribute types.
USERNAME = 0x0006
MESSAGE_INTEGRITY = 0x0008
XOR_MAPPED_ADDRESS = 0x0020
PRIORITY = 0x0024
USE_CANDIDATE = 0x0025
SOFTWARE = 0x8022
FINGERPRINT = 0x8028
ICE_CONTROLLED = 0x8029
ICE_CONTROLLING = 0x802A

# RFC 8489 §14.7: the CRC-32 is XORed with this so STUN is told apart from other CRC users.
FINGERPRINT_XOR = 0x5354554E


def attribute(kind: int, value: bytes) -> bytes:
    """RFC 8489 §14: type (16 bits), length of the value (16 bits), value padded with zeros
    to a multiple of 4 bytes (the padding is not counted in the length)."""
    padding = b"\x00" * (-len(value) % 4)
    return struct.pack("!HH", kind, len(value)) + value + padding


def header(kind: int, body_length: int, transaction_id: bytes) -> bytes:
    """RFC 8489 §5: type, length of everything after the header, magic cookie, 96-bit
    transaction ID."""
    return struct.pack("!HHI", kind, body_length, MAGIC_COOKIE) + transaction_id


def short_term_key(password: str) -> bytes:
    """RFC 8489 §9.1.1: the short-term credential key is the password itself (after
    OpaqueString, a no-op for ICE's ASCII passwords)."""
    return password.encode()


def integrity(message_so_far: bytes, key: bytes) -> bytes:
    """RFC 8489 §14.5: HMAC-SHA1 over the message up to MESSAGE-INTEGRITY, whose header
    length already counts the 24 bytes of the MESSAGE-INTEGRITY attribute."""
    adjusted = _with_length(message_so_far, len(message_so_far) + 24 - HEADER_LENGTH)
    return hmac.new(key, adjusted, hashlib.sha1).digest()


def fingerprint(message_so_far: bytes) -> int:
    """RFC 8489 §14.7: CRC-32 over the message up to FINGERPRINT (header length counting
    the 8-byte FINGERPRINT attribute), XORed with 0x5354554e."""
    adjusted = _with_length(message_so_far, len(message_so_far) + 8 - HEADER_LENGTH)
    return (zlib.crc32(adjusted) & 0xFFFFFFFF) ^ FINGERPRINT_XOR


def _with_length(message: bytes, length: int) -> bytes:
    return message[:2] + struct.pack("!H", length) + message[4:]


def transaction_id() -> bytes:
    """RFC 8489 §5: 96 random bits."""
    return os.urandom(12)


def binding_request(attributes: list[bytes], integrity_key: bytes | None = None,
                    with_fingerprint: bool = True, bad_fingerprint: bool = False,
                    tid: bytes | None = None) -> bytes:
    """A Binding request carrying `attributes` (already encoded with `attribute`), then
    MESSAGE-INTEGRITY keyed with `integrity_key` if given, then FINGERPRINT (with one bit
    flipped when `bad_fingerprint`). The order is RFC 8489 §14.5/§14.7's: FINGERPRINT last,
    MESSAGE-INTEGRITY just before it."""
    tid = tid or transaction_id()
    body = b"".join(attributes)
    message = header(BINDING_REQUEST, len(body), tid) + body
    if integrity_key is not None:
        mac = integrity(message, integrity_key)
        body += attribute(MESSAGE_INTEGRITY, mac)
        message = header(BINDING_REQUEST, len(body), tid) + body
    if with_fingerprint:
        crc = fingerprint(message) ^ (1 if bad_fingerprint else 0)
        body += attribute(FINGERPRINT, struct.pack("!I", crc))
        message = header(BINDING_REQUEST, len(body), tid) + body
    return message


def ice_check(username: str, password: str | None, priority: int = 0x6E7F00FF,
              controlling: bool = True, use_candidate: bool = False,
              extra: list[bytes] | None = None, **options) -> bytes:
    """An ICE connectivity check (RFC 8445 §7.2.2): USERNAME "receiver:sender", PRIORITY,
    ICE-CONTROLLING (or -CONTROLLED) with a random 64-bit tie-breaker, optionally
    USE-CANDIDATE, signed with the receiver's password (None: no MESSAGE-INTEGRITY)."""
    attributes = [attribute(USERNAME, username.encode()),
                  attribute(PRIORITY, struct.pack("!I", priority)),
                  attribute(ICE_CONTROLLING if controlling else ICE_CONTROLLED, os.urandom(8))]
    if use_candidate:
        attributes.append(attribute(USE_CANDIDATE, b""))
    attributes += extra or []
    key = short_term_key(password) if password is not None else None
    return binding_request(attributes, integrity_key=key, **options)


@dataclass
class StunMessage:
    kind: int
    transaction_id: bytes
    attributes: list[tuple[int, int, bytes]] = field(default_factory=list)   # (offset, type, value)
    raw: bytes = b""

    def first(self, kind: int) -> bytes | None:
        return next((value for _, t, value in self.attributes if t == kind), None)

    def offset_of(self, kind: int) -> int | None:
        return next((offset for offset, t, _ in self.attributes if t == kind), None)

    def integrity_valid(self, key: bytes) -> bool:
        """RFC 8489 §14.5: recompute the HMAC over the bytes before MESSAGE-INTEGRITY."""
        offset, mac = self.offset_of(MESSAGE_INTEGRITY), self.first(MESSAGE_INTEGRITY)
        if offset is None or mac is None:
            return False
        return hmac.compare_digest(integrity(self.raw[:offset], key), mac)

    def fingerprint_valid(self) -> bool:
        """RFC 8489 §14.7: FINGERPRINT must be the last attribute and match the CRC."""
        offset, value = self.offset_of(FINGERPRINT), self.first(FINGERPRINT)
        if offset is None or value is None or offset + 8 != len(self.raw):
            return False
        return struct.unpack("!I", value)[0] == fingerprint(self.raw[:offset])

    def xor_mapped_address(self) -> tuple[str, int] | None:
        """RFC 8489 §14.2: port XORed with the cookie's top 16 bits, IPv4 address with the
        cookie (IPv6: with the cookie and the transaction ID)."""
        value = self.first(XOR_MAPPED_ADDRESS)
        if value is None or len(value) < 8:
            return None
        family, xport = struct.unpack("!xBH", value[:4])
        port = xport ^ (MAGIC_COOKIE >> 16)
        mask = struct.pack("!I", MAGIC_COOKIE) + (self.transaction_id if family == 2 else b"")
        address = bytes(a ^ b for a, b in zip(value[4:], mask))
        if family == 1 and len(address) == 4:
            return socket.inet_ntop(socket.AF_INET, address), port
        if family == 2 and len(address) == 16:
            return socket.inet_ntop(socket.AF_INET6, address), port
        return None


def parse(data: bytes) -> StunMessage | None:
    """The header and attributes of one STUN message (RFC 8489 §5, §14), or None when the
    bytes are not one."""
    if len(data) < HEADER_LENGTH:
        return None
    kind, length, cookie = struct.unpack("!HHI", data[:8])
    if kind & 0xC000 or cookie != MAGIC_COOKIE or HEADER_LENGTH + length != len(data):
        return None
    message = StunMessage(kind, data[8:20], raw=data)
    offset = HEADER_LENGTH
    while offset + 4 <= len(data):
        attribute_type, value_length = struct.unpack("!HH", data[offset:offset + 4])
        end = offset + 4 + value_length
        if end > len(data):
            return None
        message.attributes.append((offset, attribute_type, data[offset + 4:end]))
        offset = end + (-value_length % 4)
    return message
