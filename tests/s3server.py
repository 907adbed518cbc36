"""An S3-compatible server for tests: moto's server mode (`moto_server`, a dev dependency),
which keeps buckets in memory and enforces ACLs and bucket policies on anonymous requests.
MinIO is not installable from the package registries here; moto's server speaks the same
S3 API to boto3 and django-storages.

    from tests.s3server import make_buckets, s3_server  # noqa: F401 (a fixture)

    def test_x(s3_server):
        make_buckets(s3_server, "hub-public", "hub-private")

One server per test session, on a free port of 127.0.0.1; it is stopped when the session
ends. Buckets live as long as the server: give each test bucket names of its own.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest

ACCESS_KEY = "testing"
SECRET_KEY = "testing"
REGION = "us-east-1"
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(endpoint: str) -> bool:
    try:
        urllib.request.urlopen(endpoint + "/", timeout=1).close()
    except urllib.error.HTTPError:
        return True  # any HTTP answer (403 to an anonymous listing) means it is up
    except OSError:
        return False
    return True


@pytest.fixture(scope="session")
def s3_server():
    """Yields the endpoint URL of a running moto server: "http://127.0.0.1:PORT"."""
    binary = Path(sys.executable).parent / "moto_server"
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(binary), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, stopped as one below
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(endpoint):
            if process.poll() is not None:
                raise RuntimeError(f"moto_server exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"moto_server did not answer on {endpoint}")
            time.sleep(0.1)
        yield endpoint
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def client(endpoint: str):
    """A boto3 S3 client for the test server, with the test credentials."""
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def make_buckets(endpoint: str, *names: str) -> None:
    """Creates the buckets (private, as S3 creates them) unless they already exist."""
    s3 = client(endpoint)
    existing = {bucket["Name"] for bucket in s3.list_buckets().get("Buckets", [])}
    for name in names:
        if name not in existing:
            s3.create_bucket(Bucket=name)


def storage_env(endpoint: str, public_bucket: str, private_bucket: str) -> dict[str, str]:
    """The environment variables that point a site process (config.settings.base) at the
    test server's two buckets."""
    return {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_STORAGE_BUCKET_NAME": public_bucket,
        "HUB_PRIVATE_BUCKET_NAME": private_bucket,
    }
