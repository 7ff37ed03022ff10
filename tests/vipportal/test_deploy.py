"""deploy/: the environment file, the systemd units and nginx's configuration agree with
the settings they feed."""

import os
import re
import subprocess
import sys
from pathlib import Path

from vipportal.observability import HEADER
from vipportal.settings import production

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def environment() -> dict:
    lines = (DEPLOY / "vip-portalen.env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_the_example_environment_passes_djangos_deployment_checks():
    env = {**os.environ, **environment(), "DJANGO_SECRET_KEY": "k" * 20 + os.urandom(20).hex()}

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=DEPLOY.parent,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert environment()["DATABASE_URL"].startswith("postgres://")
    assert environment()["REDIS_URL"].startswith("redis://")


def test_every_app_server_reads_the_one_environment_and_serves_the_portal():
    unit = (DEPLOY / "systemd" / "vip-portalen@.service").read_text()
    release = (DEPLOY / "systemd" / "vip-portalen-release.service").read_text()

    assert "EnvironmentFile=/etc/vip-portalen/env" in unit
    assert re.search(r"gunicorn vipportal\.wsgi[^\n]*\n?[^\n]*--bind 127\.0\.0\.1:%i", unit)
    assert "manage.py migrate --no-input" in release
    assert "manage.py collectstatic --no-input" in release


def test_nginx_sends_the_headers_the_app_reads():
    conf = (DEPLOY / "nginx" / "vip-portalen.conf").read_text()
    upstream_ports = re.findall(r"server 127\.0\.0\.1:(\d+)", conf)

    assert len(upstream_ports) >= 2  # more than one app server behind one address
    assert f"proxy_set_header {HEADER} $request_id;" in conf
    assert production.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert environment()["VIP_TRUSTED_PROXIES"] == "1"
