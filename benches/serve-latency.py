#!/usr/bin/env python3
"""Edit-to-reload latency of `gazette serve` (see BENCHMARKS.md).

Serves a copy of a corpus, then for each kind of edit writes the file N
times (a different text each time) and measures the time from writing it
to the answer of the long poll that the live-reload script of an open page
is waiting on (`/__gazette/poll?v=<version the page shows>`): what a page
waits for before it reloads. Between two edits it waits until the
background search index has caught up, so that each edit starts on an idle
server.

The copy is made of hard links (`cp -al`, fast, no extra space) and every
edit replaces a file by renaming a new one over it, so the corpus itself is
never modified; the copy is removed at the end.

    benches/serve-latency.py --gazette target/release/gazette \\
        --corpus /work/bench-data/corpus-10000 [--runs 7] [--port N]

Prints, per kind of edit, every time, the median, and the server's own
account of the rebuild (incremental: "re-rendered N pages"; full:
"rebuilt"), and the load average before and after.
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def poll(port, query, timeout=120):
    url = f"http://127.0.0.1:{port}/__gazette/poll?{query}"
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return json.loads(r.read())


def state(port):
    # A version the server never has: answers at once.
    return poll(port, f"v={2**64 - 1}")


def wait_idle(port, deadline_s=300):
    """Until the search index has caught up with the pages."""
    end = time.monotonic() + deadline_s
    while True:
        s = state(port)
        if not s["indexing"]:
            return s
        if time.monotonic() > end:
            sys.exit("the search index never caught up")
        poll(port, f"v={s['version']}&s={s['search']}")


def replace(path, text):
    """Writes `text` to `path` as editors do: a new file renamed over it
    (the old inode, shared with the corpus, is left alone)."""
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def loadavg():
    return os.getloadavg()[0]


def measure(port, path, texts, log_path):
    times = []
    index_times = []
    lines = []
    for text in texts:
        s = wait_idle(port)
        seen = s["version"]
        log_before = open(log_path, encoding="utf-8", errors="replace").read()
        t0 = time.monotonic()
        replace(path, text)
        # The server answers "no change" after 25 s: poll again, as the
        # page does (a full rebuild may take longer).
        answer = poll(port, f"v={seen}")
        while answer["version"] == seen and time.monotonic() - t0 < 600:
            answer = poll(port, f"v={seen}")
        took = time.monotonic() - t0
        if answer["version"] == seen:
            sys.exit("no rebuild within 10 minutes")
        if answer["error"]:
            sys.exit(f"the edit failed to build: {answer['error']}")
        times.append(took * 1000)
        # Then the search index: the search page reloads when it catches up.
        while answer["indexing"] and time.monotonic() - t0 < 600:
            answer = poll(port, f"v={answer['version']}&s={answer['search']}")
        index_times.append((time.monotonic() - t0) * 1000)
        # The server's line about this rebuild (written just before it
        # publishes).
        time.sleep(0.05)
        new = open(log_path, encoding="utf-8", errors="replace").read()[len(log_before):]
        lines.extend(l for l in new.splitlines()
                     if "re-rendered" in l or "rebuilt" in l or "search index" in l)
    return times, index_times, lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gazette", default="target/release/gazette")
    ap.add_argument("--corpus", default="/work/bench-data/corpus-10000")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--issue", help="_issue.md to edit (relative to the corpus); default: the first")
    ap.add_argument("--doc", help="document to edit (relative to the corpus); default: the first")
    args = ap.parse_args()

    content = os.path.join(args.corpus, "content")
    pubs = sorted(d for d in os.listdir(content) if not d.startswith("."))
    pub = pubs[0]
    issues = sorted(d for d in os.listdir(os.path.join(content, pub)) if not d.startswith("_"))
    issue_dir = os.path.join("content", pub, issues[0])
    issue_rel = args.issue or os.path.join(issue_dir, "_issue.md")
    docs = sorted(f for f in os.listdir(os.path.join(args.corpus, issue_dir))
                  if f.endswith(".md") and not f.startswith("_"))
    doc_rel = args.doc or os.path.join(issue_dir, docs[0])

    scratch = tempfile.mkdtemp(prefix="gazette-serve-latency-", dir="/tmp")
    root = os.path.join(scratch, "site")
    subprocess.run(["cp", "-al", args.corpus, root], check=True)
    port = args.port or free_port()
    log_path = os.path.join(scratch, "serve.log")
    log = open(log_path, "w")
    load0 = loadavg()
    t = time.monotonic()
    server = subprocess.Popen(
        [args.gazette, "serve", "--root", root, "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=log)
    try:
        while True:
            try:
                if state(port)["version"] > 0:
                    break
            except OSError:
                pass
            if server.poll() is not None:
                sys.exit("the server stopped: " + open(log_path).read())
            time.sleep(0.2)
        print(f"first build published in {time.monotonic() - t:.1f} s "
              f"({args.corpus}, {args.gazette})")
        results = []
        for kind, rel, edit in [
            ("_issue.md title", issue_rel,
             lambda src, n: src.replace("title: \"", f"title: \"测{n}", 1)
             if "title: \"" in src else src.replace("title: ", f"title: 测{n}", 1)),
            ("document body", doc_rel,
             lambda src, n: src.rstrip("\n") + f"\n\n编辑测试第{n}次。\n"),
            ("document front matter (title)", doc_rel,
             lambda src, n: src.replace("title: \"", f"title: \"修订{n}", 1)
             if "title: \"" in src else src.replace("title: ", f"title: 修订{n}", 1)),
        ]:
            path = os.path.join(root, rel)
            src = open(path, encoding="utf-8").read()
            texts = [edit(src, n) for n in range(args.runs)]
            assert all(t != src for t in texts), kind
            la = loadavg()
            times, index_times, lines = measure(port, path, texts, log_path)
            lb = loadavg()
            # Put the file back, and wait for that rebuild too, so that it
            # is not counted in the next kind of edit.
            seen = state(port)["version"]
            replace(path, src)
            while state(port)["version"] == seen:
                poll(port, f"v={seen}")
            results.append((kind, rel, times, index_times, lines, la, lb))
        for kind, rel, times, index_times, lines, la, lb in results:
            print(f"\n{kind} ({rel}), {len(times)} runs, load {la:.2f} -> {lb:.2f}")
            print("  times (ms): " + " ".join(f"{x:.0f}" for x in times))
            print(f"  median: {statistics.median(times):.0f} ms")
            print("  search index caught up (ms): " + " ".join(f"{x:.0f}" for x in index_times)
                  + f"; median {statistics.median(index_times):.0f} ms")
            for l in lines:
                print("  server: " + l.strip())
        print(f"\nload average (1 min): {load0:.2f} at start, {loadavg():.2f} at end; "
              f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
