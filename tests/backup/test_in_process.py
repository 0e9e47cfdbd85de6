"""`cocreate restore` run inside the site's process (the suite's own SQLite database): it brings
back the rows, empties the cache that described the replaced data, and refuses to run inside an
open transaction."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction

from cocreate.accounts.models import User

from ..factories import UserFactory


@pytest.fixture(autouse=True)
def _sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("restoring the suite's own PostgreSQL test database would race other tests")


def test_a_restore_brings_back_the_rows_and_empties_the_cache(transactional_db, tmp_path: Path):
    UserFactory(username="kept")
    file = tmp_path / "site.backup"
    call_command("backup", str(file), stdout=io.StringIO())
    UserFactory(username="late")
    cache.set("cards:dominion-road:activity-7", "a card list cached after the backup")
    out = io.StringIO()
    call_command("restore", str(file), stdout=out)
    assert out.getvalue().startswith(f"Restored the SQLite database from {file}.")
    assert list(User.objects.values_list("username", flat=True)) == ["kept"]
    assert cache.get("cards:dominion-road:activity-7") is None


def test_a_restore_inside_a_transaction_is_refused(transactional_db, tmp_path: Path):
    UserFactory(username="kept")
    file = tmp_path / "site.backup"
    call_command("backup", str(file), stdout=io.StringIO())
    err = io.StringIO()
    with transaction.atomic():
        UserFactory(username="late")
        with pytest.raises(SystemExit) as exited:
            call_command("restore", str(file), stderr=err)
    assert exited.value.code == 1
    assert err.getvalue() == "cocreate restore: cannot restore inside a transaction\n"
    assert User.objects.filter(username="late").exists()  # the transaction was not touched
