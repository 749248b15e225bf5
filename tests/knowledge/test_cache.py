"""The on-disk cache of the checked knowledge base."""

import os
import pickle

from sciatica_pt import knowledge


def fresh_load():
    knowledge.load.cache_clear()
    try:
        return knowledge.load()
    finally:
        knowledge.load.cache_clear()


def test_it_writes_a_private_cache_and_reads_back_the_same_knowledge_base(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIATICA_PT_CACHE_DIR", str(tmp_path))
    first = fresh_load()
    files = list(tmp_path.glob("knowledge-*.pickle"))
    assert len(files) == 1
    assert files[0].stat().st_mode & 0o077 == 0
    assert fresh_load() == first


def test_it_ignores_a_cache_file_others_can_write(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIATICA_PT_CACHE_DIR", str(tmp_path))
    real = fresh_load()
    cached = next(tmp_path.glob("knowledge-*.pickle"))
    planted = real.model_copy(update={"items": ()})
    cached.write_bytes(pickle.dumps(planted))
    os.chmod(cached, 0o600)
    assert fresh_load().items == ()  # a private file is trusted...
    cached.write_bytes(pickle.dumps(planted))
    os.chmod(cached, 0o666)
    assert fresh_load().items == real.items  # ...a world-writable one is not


def test_an_empty_cache_dir_setting_switches_caching_off(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIATICA_PT_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    assert fresh_load().items
    assert not list(tmp_path.iterdir())
