"""The README's watch example, as written, with the real extractor; the commands' error lines."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

from click.testing import CliRunner

from claimwatch.cli.main import cli
from claimwatch.store.ledger import Ledger
from claimwatch.watch import state
from claimwatch.watch.config import parse
from claimwatch.watch.runner import Watcher, follow_folders
from tests.watch_support import FakeProcessor

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_example_watches_a_folder_and_a_feed_and_fires_on_a_new_figure(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    assert "claimwatch watch --once --config examples/watch/sources.toml --db watch.db" in readme
    example = tmp_path / "examples" / "watch"
    shutil.copytree(ROOT / "examples" / "watch", example)
    db = str(tmp_path / "watch.db")
    runner = CliRunner()
    first = runner.invoke(cli, ["watch", "--once", "--config", str(example / "sources.toml"), "--db", db])
    assert first.exit_code == 0, first.output
    assert "ALERT #1 [islamic-state-figures] new figure" in first.output
    assert "round 1: polled 2, unchanged 0, changed 2, failed 0, documents new 2" in first.output
    listed = runner.invoke(cli, ["alerts", "--db", db, "--json"])
    rows = json.loads(listed.output)
    assert rows and all(r["rule"] == "islamic-state-figures" for r in rows)
    assert {r["source"] for r in rows} == {"inbox", "example-wire"}, "both sources fire"
    sources = json.loads(runner.invoke(cli, ["sources", "--db", db, "--json"]).output)
    assert {s["name"]: s["n_documents"] for s in sources} == {"inbox": 1, "example-wire": 1}
    again = runner.invoke(cli, ["watch", "--once", "--force", "--config", str(example / "sources.toml"), "--db", db])
    assert again.exit_code == 0 and "ALERT" not in again.output
    assert "unchanged 2, changed 0" in again.output
    marked = runner.invoke(cli, ["alerts", "--db", db, "--unread", "--mark-read"])
    assert "Alerts (0 unread)" in marked.output


def test_a_bad_configuration_is_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nfeed = "https://example.org/f"\ninterval = "often"\n')
    result = CliRunner().invoke(cli, ["watch", "--once", "--config", str(bad), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 5
    assert result.output.strip().splitlines()[-1].startswith(f"claimwatch: error: {bad}: [[source]] #1 interval")
    assert "Traceback" not in result.output


def test_a_change_in_a_watched_folder_starts_a_round_at_once(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Sara Noor said 12 gunmen of Jamaat Nusrat are in Kabul.\n")
    cfg = parse({"source": [{"name": "inbox", "folder": str(inbox), "interval": "1h"}], "deliver": {"stdout": False}})
    with Ledger.open(f"sqlite:///{tmp_path / 'f.db'}") as ledger:
        w = Watcher(cfg, ledger, processor=FakeProcessor())
        reports = []
        thread = follow_folders(w)
        assert thread is not None
        loop = threading.Thread(target=w.run, kwargs={"on_round": reports.append}, daemon=True)
        loop.start()
        deadline = time.time() + 20
        while not reports and time.time() < deadline:
            time.sleep(0.05)
        assert reports and reports[0].new == 1
        time.sleep(0.3)
        (inbox / "b.txt").write_text("Sara Noor said 19 gunmen of Jamaat Nusrat are in Kabul.\n")
        while sum(r.new for r in reports) < 2 and time.time() < deadline:
            time.sleep(0.05)
        w.stop()
        loop.join(timeout=10)
        thread.join(timeout=10)
        assert sum(r.new for r in reports) == 2, "the new file was read without waiting the hour"
        assert not loop.is_alive() and not thread.is_alive()
        (st,) = state.list_sources(ledger.engine)
        assert st.n_documents == 2
