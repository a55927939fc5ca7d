"""How long the Role Model Plus importer takes on hostile and large files (issue 11, item 2).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rp_bench .venv/bin/python bench/parse_bench.py

Measures, in one process under the test settings (DEBUG off):

- **hostile row**: a Work Activity Components row whose title is "Gov", spaces and "x (Level 6)",
  the whole file ``--hostile-bytes`` long (1.9 MB by default): the parse alone, run in a child process
  that is stopped after ``--timeout`` seconds (a quadratic parser never finishes);
- **2 MB of other content**: random printable text and pipes, parentheses and whitespace runs inside a
  valid table: the parse alone, each under the same timeout;
- **2,000 rows**: a profile of ``--rows`` distinct entries across every section type: the parse alone,
  then the admin's preview (upload, parse, dry-run import, preview page) through the test client, with
  the number of queries it made. The preview rolls back, so the database is left as it was (the
  signed-in user the client needs is created and deleted again).

The file generators are shared with tests/test_import_hostile.py, which holds the parser to a
generous time limit on the same shapes. Each figure is the median of ``--repeat`` runs. Needs a
migrated database with the seed loaded (``manage.py migrate && manage.py load_seed_data``): the
preview compares against what is there.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HEAD = "Summary\nA generated role.\nWork Activity Components\nTitle | Details |\n---|---|\n"
FOOT = "The Professional Body Responsible for this job family is BCS.\n"


def hostile_row_file(size: int) -> str:
    """The reported row: "Gov", spaces, "x (Level 6)", padded so the file is ``size`` characters."""
    fixed = len(HEAD) + len("Gov") + len("x (Level 6) | Detail |\n") + len(FOOT)
    return HEAD + "Gov" + " " * max(size - fixed, 0) + "x (Level 6) | Detail |\n" + FOOT


def other_hostile_files(size: int, seed: int = 7) -> dict[str, str]:
    """Other shapes a backtracking regex could choke on, each at most ``size`` bytes of UTF-8."""
    rng = random.Random(seed)
    alphabet = string.printable + "()\u00a0 " * 10
    random_text = _cut("".join(rng.choices(alphabet, k=size)), size)
    cells = "".join(rng.choices(alphabet.translate({ord(c): None for c in "|\n\r"}), k=size))
    pad = size - len(HEAD) - len(FOOT)
    random_rows = "".join(
        f"{cells[i : i + 60]} (Level {i % 7 + 1}) | {cells[i + 60 : i + 100]} |\n" for i in range(0, pad, 120)
    )
    framework = "Summary\nA role.\nGKIM Skills Framework Skills\nSkill | Level |\n---|---|\n|\n"
    return {
        "random printable text": random_text,
        "random titles in a table": HEAD + _cut(random_rows, pad) + FOOT,
        "open parentheses in a title": HEAD + "Gov " + "( " * (pad // 2 - 20) + "x (Level 6) | d |\n" + FOOT,
        # A tab and a non-breaking space are three bytes.
        "tabs and NBSPs before a level": HEAD + "Gov" + "\t\u00a0" * (pad // 3 - 20) + "(Level 6)x | d |\n" + FOOT,
        "spaces inside a level group": HEAD + "Gov (Level" + " " * (pad - 40) + "6 x) | d |\n" + FOOT,
        "spaces in a framework level line": (
            framework + "OR10 | Risk management Understanding risk. |\n"
            "OR10 | Practitioner OR10 | Risk management" + " " * (pad - 140) + "x |\n|\n" + FOOT
        ),
        "a numbered code followed by spaces": (
            framework.replace("GKIM", "Other")
            + "1.1"
            + " " * (pad - 120)
            + "x desc |\n1.1 x | Level 4 - Enable y |\n|\n"
            + FOOT
        ),
    }


def _cut(text: str, size: int) -> str:
    """The whole lines of ``text`` that fit in ``size`` bytes of UTF-8."""
    data = text.encode()
    if len(data) <= size:
        return text
    data = data[:size]
    return data[: data.rfind(b"\n") + 1].decode() if b"\n" in data else data.decode(errors="ignore")


SECTIONS = [
    (
        "Work Activity Components",
        "Title | Details |",
        lambda i: (f"Activity {i} (WA{i}.1) (Level {i % 7 + 1})", "Does."),
    ),
    ("Technical Skills", "Title | Details | Depth |", lambda i: (f"Technical skill {i}", "Knows. | Proficient in")),
    ("Other Skills", "Title | Details | Depth |", lambda i: (f"Other skill {i}", "Knows. | Familiar with")),
    ("Training", "Title | Details |", lambda i: (f"Course {i}", "A course.")),
    (
        "Professional Development Activity (PDA)",
        "Title | Details | PDA Group |",
        lambda i: (f"Activity {i}", "Reads. | Reading"),
    ),
    ("Qualification Components", "Title | Awarding Bodies |", lambda i: (f"Certificate {i}", "A body")),
    ("Behaviours", "Title | Details |", lambda i: (f"Behaviour {i} (B{i}.1) (Level {i % 5 + 1})", "Acts.")),
    ("Leadership", "Title | Details |", lambda i: (f"Leading {i} (LM{i}.1) (Level Five)", "Leads.")),
    ("Data Skills", "Title | Details |", lambda i: (f"Data skill {i} (Level {i % 5 + 1})", "Analyses.")),
    ("Project Skills", "Title | Details |", lambda i: (f"Project skill {i} (WP{i}.1)(Level Four)", "Plans.")),
]


def rows_file(rows: int) -> str:
    """A profile of ``rows`` distinct entries spread over every section type, plus a framework table."""
    per_section, framework_rows = divmod(rows, len(SECTIONS) + 1)
    framework_rows += per_section
    parts = ["Summary\nA generated role with many entries.\n"]
    for heading, header, make in SECTIONS:
        parts.append(f"{heading}\n{header}\n" + "---|" * header.count("|") + "\n")
        for i in range(1, per_section + 1):
            title, rest = make(i)
            parts.append(f"{title} | {rest} |\n")
    parts.append("Bench Skills Framework Skills\nSkill | Level |\n---|---|\n")
    for i in range(1, framework_rows + 1):
        parts.append(
            f"9.{i} Skill number {i} What the skill is |\n9.{i} Skill number {i} | Level 3 - Apply Does it |\n|\n"
        )
    parts.append(FOOT)
    return "".join(parts)


def _parse_in_child(text: str, queue) -> None:
    import django

    django.setup()
    from roleprofiles.rmp.parsing import ProfileParseError, parse_profile

    start = time.perf_counter()
    try:
        parsed = parse_profile(text, filename="bench.txt")
        outcome = f"{parsed.entry_count} entries"
    except ProfileParseError as exc:
        outcome = f"error: {str(exc)[:70]}"
    queue.put((time.perf_counter() - start, outcome))


def timed_parse(text: str, *, timeout: float) -> tuple[float | None, str]:
    """Seconds to parse ``text`` in a child process, or None if it ran past ``timeout``."""
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_parse_in_child, args=(text, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.terminate()
        child.join()
        return None, f"stopped after {timeout:g} s"
    return queue.get()


def median_parse(text: str, *, timeout: float, repeat: int) -> str:
    runs = [timed_parse(text, timeout=timeout) for _ in range(repeat)]
    if any(seconds is None for seconds, _ in runs):
        return f"> {timeout:g} s (stopped)"
    return f"{statistics.median(s for s, _ in runs):.3f} s ({runs[0][1]})"


def preview(text: str, *, repeat: int) -> str:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user = get_user_model().objects.create_superuser("parse-bench", "parse-bench@example.invalid", None)
    try:
        client = Client()
        client.force_login(user)
        times, queries, status = [], 0, 0
        for _ in range(repeat):
            upload = SimpleUploadedFile("bench_rows.txt", text.encode("utf-8"), "text/plain")
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.post("/admin/roleprofiles/role/import/", {"file": upload})
                times.append(time.perf_counter() - start)
            queries, status = len(captured), response.status_code
        return f"{statistics.median(times):.3f} s, HTTP {status}, {queries} queries"
    finally:
        user.delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hostile-bytes", type=int, default=1_900_000)
    parser.add_argument("--other-bytes", type=int, default=2_000_000)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--no-preview", action="store_true", help="Parse only (no database needed).")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rp_bench")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the test client's host

    files = {"hostile row": hostile_row_file(args.hostile_bytes), **other_hostile_files(args.other_bytes)}
    files[f"{args.rows:,} rows"] = rows = rows_file(args.rows)
    for name, text in files.items():
        seconds = median_parse(text, timeout=args.timeout, repeat=args.repeat)
        print(f"{name}, {len(text.encode()):,} bytes: parse {seconds}")
    if not args.no_preview:
        print(f"{args.rows:,} rows: admin preview {preview(rows, repeat=args.repeat)}")


if __name__ == "__main__":
    main()
