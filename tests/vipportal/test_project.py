"""Project-wide promises: settings from the environment, migrations in step with models."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    code = (
        "import os; os.environ.pop('DJANGO_SECRET_KEY', None);"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'vipportal.settings.production';"
        "import django; django.setup()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )

    assert result.returncode != 0
    assert "Set the environment variable DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_database_url_chooses_the_database():
    from django.db import connection

    wanted = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"

    assert connection.vendor == wanted
