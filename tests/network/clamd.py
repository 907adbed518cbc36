"""A private ClamAV daemon for tests (its own configuration, socket and one-signature
database in a temporary folder), and a fake one that answers what a test needs."""

import shutil
import socket
import struct
import subprocess
import threading
import time

import pytest

from tests.network.upload_files import EICAR

CLAMD = shutil.which("clamd") or shutil.which("clamd", path="/usr/sbin:/usr/local/sbin")
NO_CLAMD = "needs ClamAV's daemon: apt-get install clamav-daemon (.ci/run installs it)"


@pytest.fixture(scope="module", name="clamd")
def clamd_fixture(tmp_path_factory):
    """A private clamd on a Unix socket; yields the socket's path."""
    if not CLAMD:
        pytest.skip(NO_CLAMD)
    folder = tmp_path_factory.mktemp("clamd")
    database = folder / "db"
    database.mkdir()
    # name:target type (0, any file):offset (* anywhere):the bytes in hexadecimal
    (database / "hub-test.ndb").write_text(f"Hub-Test-EICAR:0:*:{EICAR.hex()}\n")
    sock = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text(
        f"LocalSocket {sock}\nDatabaseDirectory {database}\nTemporaryDirectory {folder}\n"
        f"LogFile {folder / 'clamd.log'}\nForeground yes\n"
    )
    started = time.monotonic()
    process = subprocess.Popen(
        [CLAMD, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while not sock.exists():
            if process.poll() is not None or time.monotonic() - started > 30:
                log = (folder / "clamd.log").read_text() if (folder / "clamd.log").exists() else ""
                pytest.fail(f"clamd did not start: {log[-2000:]}")
            time.sleep(0.05)
        yield str(sock)
    finally:
        process.terminate()
        process.wait(timeout=10)


class FakeClamd:
    """A daemon on a TCP port that reads one INSTREAM and answers `reply` (or nothing)."""

    def __init__(self, reply: bytes | None):
        self.reply = reply
        self.received = b""
        self.server = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self.server.getsockname()[1]}"
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        connection, _ = self.server.accept()
        with connection:
            stream = connection.makefile("rb")
            assert stream.read(len(b"zINSTREAM\0")) == b"zINSTREAM\0"
            while size := struct.unpack("!L", stream.read(4))[0]:
                self.received += stream.read(size)
            if self.reply is None:
                time.sleep(5)  # never answers in time
            else:
                connection.sendall(self.reply)

    def close(self):
        self.server.close()
