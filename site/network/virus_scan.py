"""Virus scanning of uploads through ClamAV's daemon, clamd (docs/deploy.md "Virus scanning").

settings.HUB_CLAMD_ADDRESS names the daemon: a Unix socket path (or unix:///path) or
host:port; empty scans nothing. When it is set, a file is stored only after clamd answers
that it is clean: an error or a timeout refuses the upload ("try again later"), it never
lets the file through unscanned.

The client is ours, about forty lines of clamd's INSTREAM command (clamd(8)): the PyPI
clients are unmaintained (clamd, pyclamd) or GPL-licensed and let a timeout while sending
escape as a bare socket error, reading 1 KiB at a time (clamav-client).
"""

import logging
import socket
import struct
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024  # well below clamd's StreamMaxLength (25 MB by default)
MAX_REPLY = 4096


class ScanFailed(Exception):
    """clamd could not be reached, did not answer in time, or answered an error."""


@dataclass(frozen=True)
class Verdict:
    infected: bool
    signature: str = ""  # the name of what clamd found


def configured() -> bool:
    return bool(settings.HUB_CLAMD_ADDRESS)


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith(("/", "unix://")):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(address.removeprefix("unix://"))
        except OSError:
            sock.close()
            raise
        return sock
    host, _sep, port = address.rpartition(":")
    return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)


def scan(data: bytes, *, address: str | None = None, timeout: float | None = None) -> Verdict:
    """clamd's verdict on these bytes; raises ScanFailed if it gives none in time."""
    address = address or settings.HUB_CLAMD_ADDRESS
    timeout = timeout or settings.HUB_CLAMD_TIMEOUT
    deadline = time.monotonic() + timeout

    def left() -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("clamd took too long")
        return remaining

    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")  # z: commands and replies end with a NUL byte
            view = memoryview(data)
            for start in range(0, len(view), CHUNK):
                chunk = view[start : start + CHUNK]
                sock.settimeout(left())
                sock.sendall(struct.pack("!L", len(chunk)))
                sock.sendall(chunk)
            sock.settimeout(left())
            sock.sendall(struct.pack("!L", 0))  # a chunk of length 0 ends the stream
            reply = b""
            while not reply.endswith(b"\0") and len(reply) < MAX_REPLY:
                sock.settimeout(left())
                part = sock.recv(MAX_REPLY)
                if not part:
                    break
                reply += part
    except (OSError, ValueError) as error:  # TimeoutError is an OSError
        raise ScanFailed(f"clamd at {address}: {error}") from error
    # "stream: OK", "stream: Eicar-Signature FOUND", or "... ERROR" (a limit, a failure).
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    result = answer.split(": ", 1)[-1]
    if result == "OK":
        return Verdict(infected=False)
    if result.endswith(" FOUND"):
        return Verdict(infected=True, signature=result.removesuffix(" FOUND"))
    raise ScanFailed(f"clamd at {address} answered {answer!r}")


def check(data: bytes, *, name: str) -> None:
    """Refuse a file clamd finds a threat in, or cannot check, when scanning is configured.

    `name` is the display name the person gave the file (already cleaned)."""
    if not configured():
        return
    started = time.monotonic()
    try:
        verdict = scan(data)
    except ScanFailed as error:
        logger.error("Upload refused: virus scan failed (%s)", error)
        raise ValidationError(
            _("We could not check “%(name)s” for viruses. Please try again later.")
            % {"name": name},
            code="scan_failed",
        ) from error
    if verdict.infected:
        logger.warning(
            "Upload refused: clamd found %s (%s bytes, %.2f s)",
            verdict.signature,
            len(data),
            time.monotonic() - started,
        )
        raise ValidationError(
            _(
                "“%(name)s” contains a virus or other harmful software, so it was not saved. "
                "Please do not send it again, and have the computer it came from checked."
            )
            % {"name": name},
            code="virus",
        )
