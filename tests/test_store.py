"""The incremental claim store: exact round trips, keys, pruning, and surviving kills and damage."""
from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import random
import signal
import sqlite3
import time
from dataclasses import fields, replace
from datetime import date
from pathlib import Path

import pytest

import consistency
from consistency.model import Claim, Document, DocumentAnalysis, Interval, Location, OffsetMap, Subject, TimeSpan
from consistency.settings import Settings
from consistency.engine.keys import document_key, extraction_key
from consistency.engine.store import (
    EXTRACTOR_VERSION, SCHEMA_VERSION, ClaimStore, deserialize_claim, serialize_claim,
)

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings(reference_date=date(2025, 11, 25))


@pytest.fixture(scope="module")
def fixture_claims() -> tuple[Claim, ...]:
    """The fixtures' claims after linking (88 carry a Subject; the extract stage alone gives none)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        return consistency.check(["fixtures"], SETTINGS).claims


def _claim(n: int, **changes) -> Claim:
    claim = Claim(
        id=f"c{n}", document_id="a.md", title="A", location=Location("a.md", 1, 1, 1, 5), start=0, end=4,
        text="$5bn", sentence="It raised $5bn in 2025.", kind="money", value=Interval(5e9, 5e9), unit="USD",
        original_value=Interval(5.0, 5.0), original_unit="USD", precision=5e8,
        time=TimeSpan(date(2025, 1, 1), date(2026, 1, 1), "year"), qualifier=None, modality="reported",
    )
    return replace(claim, **changes)


def _document(**changes) -> Document:
    doc = Document(path="a.md", index=0, title="A", text="It raised $5bn.\n",
                   offsets=OffsetMap(((0, 0),), (0,)), published=date(2025, 3, 1))
    return replace(doc, **changes)


def _roundtrip(claim: Claim) -> Claim:
    return deserialize_claim(json.loads(json.dumps(serialize_claim(claim))))


# --- encoding ---------------------------------------------------------------------------------


def test_fixture_claims_round_trip_exactly(fixture_claims):
    assert len(fixture_claims) == 270
    assert [_roundtrip(c) for c in fixture_claims] == list(fixture_claims)
    # The fixtures exercise what the encoding must restore.
    assert sum(c.subject is not None for c in fixture_claims) == 62
    assert sum(c.frame is not None for c in fixture_claims) > 62
    assert sum(c.fx_rate is not None for c in fixture_claims) == 9
    assert sum(c.time is not None and None in (c.time.start, c.time.end) for c in fixture_claims) == 12
    assert sum(c.value is None for c in fixture_claims) == 98


@pytest.mark.parametrize("changes", [
    {},
    {"fx_rate": 0.0066, "fx_month": "2025-03"},
    {"subject": Subject("northgale energy", "capacity", "phase 2"), "status": "planned"},
    {"time": TimeSpan(None, date(2029, 1, 1), "open"), "time_relation": "by"},
    {"time": TimeSpan(date(2024, 7, 1), None, "open"), "published": date(2025, 3, 1)},
    {"value": Interval(None, 3.0), "original_value": Interval(2, None), "precision": None, "unit": None},
    {"value": None, "original_value": None, "time": None, "original_unit": None, "converts_to": "c2"},
    {"text": "¥1 兆 — \u2028 \"quoted\"", "value": Interval(0.1 + 0.2, 1e-300)},
])
def test_claim_round_trip_is_exact(changes):
    claim = _claim(1, **changes)
    back = _roundtrip(claim)
    assert back == claim
    assert repr(back) == repr(claim)


def test_serialized_claim_is_plain_json_in_field_order():
    row = serialize_claim(_claim(1, fx_rate=0.0066, fx_month="2025-03"))
    data = dict(zip([f.name for f in fields(Claim)], row, strict=True))
    assert data["time"] == ["2025-01-01", "2026-01-01", "year"]
    assert (data["fx_rate"], data["fx_month"]) == (0.0066, "2025-03")
    assert data["location"] == ["a.md", 1, 1, 1, 5]
    with pytest.raises(ValueError, match="Claim: 3 values for"):
        deserialize_claim(row[:3])


# --- keys -------------------------------------------------------------------------------------


def test_extractor_version_names_the_package_version():
    assert EXTRACTOR_VERSION.startswith(consistency.__version__ + "+")


@pytest.mark.parametrize("changes", [
    {"text": "It raised $6bn.\n"},
    {"path": "b.md"},
    {"index": 1},
    {"title": "B"},
    {"published": date(2025, 3, 2)},
    {"published": None},
    {"offsets": OffsetMap(((0, 40),), (0, 10, 20))},  # front matter grew: same text, other lines
    {"multi": True},
])
def test_document_key_changes_with_what_decides_the_claims(changes):
    key = extraction_key(SETTINGS)
    assert document_key(_document(), key) == document_key(_document(), key)
    assert document_key(_document(**changes), key) != document_key(_document(), key)


def test_document_key_ignores_what_does_not_decide_the_claims():
    key = extraction_key(SETTINGS)
    assert document_key(_document(url="https://example.com/a"), key) == document_key(_document(), key)


# --- the store --------------------------------------------------------------------------------


def _a(claims: list[Claim]) -> DocumentAnalysis:
    return DocumentAnalysis(tuple(claims))


def test_put_get_replace_and_reopen(tmp_path):
    path = tmp_path / "cache" / "claims.sqlite"
    with ClaimStore(path) as store:
        assert store.get_many(["k1"]) == {}
        store.put_many([("k1", _a([_claim(1), _claim(2)])), ("k2", _a([])), ("k3", _a([_claim(3)]))], batch_size=2)
        store.put_many([("k3", _a([_claim(4)]))])
        assert store.get_many(["k1", "k2", "k3", "k4", "k1"]) == {
            "k1": _a([_claim(1), _claim(2)]), "k2": _a([]), "k3": _a([_claim(4)]),
        }
    with ClaimStore(path) as store:
        assert store.notices == []
        assert store.get_many(["k3"]) == {"k3": _a([_claim(4)])}
        mode = store._conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_get_many_beyond_one_query(tmp_path):
    keys = [f"k{i:04}" for i in range(1200)]
    with ClaimStore(tmp_path / "c.sqlite") as store:
        store.put_many((k, _a([_claim(i)])) for i, k in enumerate(keys))
        got = store.get_many(keys)
    assert len(got) == 1200 and got["k1199"] == _a([_claim(1199)])


def test_prune_info_clear(tmp_path):
    path = tmp_path / "c.sqlite"
    with ClaimStore(path) as store:
        store.put_many([(f"k{i}", _a([_claim(i)])) for i in range(5)])
        assert store.prune(["k1", "k3", "other"]) == 3
        assert sorted(store.get_many([f"k{i}" for i in range(5)])) == ["k1", "k3"]
        info = store.info()
        assert info["path"] == str(path) and info["entries"] == 2 and info["size_bytes"] > 0
        assert info["version"] == f"schema {SCHEMA_VERSION}, extractor {EXTRACTOR_VERSION}"
        store.clear()
        assert store.info()["entries"] == 0
        assert store.get_many(["k1"]) == {}
        assert store.notices == []


# --- damage, versions, kills ------------------------------------------------------------------


def test_garbage_file_is_rebuilt_with_one_notice(tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"not a database\n" * 500)
    with ClaimStore(path) as store:
        assert store.notices == [f"cache {path}: not a readable claim store; rebuilt"]
        store.put_many([("k", _a([_claim(1)]))])
        assert store.get_many(["k"]) == {"k": _a([_claim(1)])}
    with ClaimStore(path) as store:
        assert store.notices == []


def test_another_sqlite_database_is_rebuilt(tmp_path):
    path = tmp_path / "c.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    with ClaimStore(path) as store:
        assert store.notices == [f"cache {path}: not a readable claim store; rebuilt"]
        assert store.info()["entries"] == 0


def _noisy_claims(i: int) -> list[Claim]:
    """Claims that do not compress away: the damaged-file test needs a file of many pages."""
    return [_claim(i, sentence=random.Random(i).randbytes(800).hex())] * 3


def test_damaged_pages_never_raise(tmp_path):
    path = tmp_path / "c.sqlite"
    with ClaimStore(path) as store:
        store.put_many((f"k{i}", _a(_noisy_claims(i))) for i in range(200))
    data = bytearray(path.read_bytes())
    assert len(data) > 300_000
    data[100_000:200_000] = random.Random(7).randbytes(100_000)
    path.write_bytes(bytes(data))
    with ClaimStore(path) as store:
        got = store.get_many([f"k{i}" for i in range(200)])
        store.put_many([("new", _a([_claim(1)]))])
        assert store.get_many(["new"]) == {"new": _a([_claim(1)])}
    assert all(v == _a(_noisy_claims(int(k[1:]))) for k, v in got.items())
    assert any("damaged" in n for n in store.notices)


def test_undecodable_entry_is_a_miss_and_rebuilds(tmp_path):
    path = tmp_path / "c.sqlite"
    with ClaimStore(path) as store:
        store.put_many([("k", _a([_claim(1)]))])
        store._conn.execute("UPDATE claims SET data = x'00ff'")
        assert store.get_many(["k"]) == {}
        assert store.notices == [f"cache {path}: an entry could not be decoded; rebuilt"]
        store.put_many([("k", _a([_claim(1)]))])
        assert store.get_many(["k"]) == {"k": _a([_claim(1)])}


def test_schema_version_mismatch_is_rebuilt_with_one_notice(tmp_path):
    path = tmp_path / "c.sqlite"
    with ClaimStore(path) as store:
        store.put_many([("k", _a([_claim(1)]))])
        store._conn.execute("UPDATE meta SET value = '0' WHERE name = 'schema_version'")
    with ClaimStore(path) as store:
        assert store.notices == [f"cache {path}: format version 0, expected {SCHEMA_VERSION}; rebuilt"]
        assert store.get_many(["k"]) == {}
    with ClaimStore(path) as store:
        assert store.notices == []


def test_extractor_change_clears_entries_with_one_notice(tmp_path):
    path = tmp_path / "c.sqlite"
    with ClaimStore(path) as store:
        store.put_many([("k", _a([_claim(1)]))])
        store._conn.execute("UPDATE meta SET value = 'old' WHERE name = 'extractor_version'")
    with ClaimStore(path) as store:
        assert store.notices == [f"cache {path}: extractor old -> {EXTRACTOR_VERSION}; cleared"]
        assert store.info()["entries"] == 0
    with ClaimStore(path) as store:
        assert store.notices == []


def test_unusable_location_runs_in_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with ClaimStore(blocker / "c.sqlite") as store:
        assert len(store.notices) == 1 and "running without it" in store.notices[0]
        store.put_many([("k", _a([_claim(1)]))])
        assert store.get_many(["k"]) == {"k": _a([_claim(1)])}


def _write_forever(path: Path, ready) -> None:
    """Write batches of entries and prune the previous round, until killed."""
    claims = _a([_claim(i, sentence="words " * 200) for i in range(30)])
    with ClaimStore(path) as store:
        ready.set()
        for n in itertools.count():
            store.put_many(((f"k{n}-{i}", claims) for i in range(40)), batch_size=8)
            store.prune(f"k{n}-{i}" for i in range(40))


@pytest.mark.parametrize("kills", [4, pytest.param(8, marks=pytest.mark.stress)])
def test_killed_writer_leaves_a_usable_store(tmp_path, kills):
    path = tmp_path / "c.sqlite"
    rng = random.Random(11)
    fork = multiprocessing.get_context("fork")
    seen = set()
    for _ in range(kills):
        ready = fork.Event()
        writer = fork.Process(target=_write_forever, args=(path, ready))
        writer.start()
        assert ready.wait(10)
        time.sleep(rng.uniform(0.01, 0.3))
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        with ClaimStore(path) as store:
            assert store.notices == []
            keys = [r[0] for r in store._conn.execute("SELECT key FROM claims ORDER BY key")]
            got = store.get_many(keys)
            assert store._conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert sorted(got) == keys
        assert all(v == _a([_claim(i, sentence="words " * 200) for i in range(30)]) for v in got.values())
        seen.add(len(keys))
    assert len(seen) > 1  # the kills landed at different points of the loop


def test_a_contexts_version_never_repeats_even_after_every_context_is_dropped(tmp_path):
    """A version names one state of a context (the engine keeps that state's files and alias
    index in memory by it): dropping the contexts must not start the count again."""
    with ClaimStore(tmp_path / "c.sqlite") as store:
        seen = []
        for _ in range(3):
            with store.transaction():
                store.context("ctx").touch(keep=8)
            seen.append(store.context("ctx").version())
            with store.transaction():
                store.context("ctx").forget()
            assert store.context("ctx").version() is None
        assert seen == sorted(set(seen)) and len(seen) == 3
