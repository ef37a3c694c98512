"""Where the CPU goes during a load test: the CPU seconds each kind of process used over a
window, from /proc (Linux), so a shared machine's other work is left out.

Run beside `make loadtest`, inside one stage: python bench/load/cpu_by_process.py SECONDS MARKER...
A process counts when a MARKER is in its command line or environment (the stack's temporary
folder for its processes, the worktree's path for Locust), and so do the backends of a
PostgreSQL that counts.
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
KINDS = (
    ("locust", "locust (load generator)"),
    ("gunicorn", "gunicorn (app servers)"),
    ("caddy", "caddy (proxy)"),
    ("worker", "flask worker"),
    ("postgres", "postgresql"),
    ("redis-server", "redis"),
)


def cpu_seconds(markers: list[str]) -> dict[int, tuple[str, float]]:
    """Each counted process's kind and CPU seconds so far, by process id."""
    postgres_parents = set()
    processes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            environment = (entry / "environ").read_bytes().decode(errors="replace")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        counts = any(marker in command or marker in environment for marker in markers)
        seconds = (int(fields[11]) + int(fields[12])) / TICKS
        processes.append((int(entry.name), int(fields[1]), command, counts, seconds))
        if counts and "postgres" in command:
            postgres_parents.add(int(entry.name))
    found = {}
    for pid, parent, command, counts, seconds in processes:
        is_stack_postgres = pid in postgres_parents or parent in postgres_parents
        if not (counts or is_stack_postgres):
            continue
        kind = next((name for word, name in KINDS if word in command), "postgresql" if is_stack_postgres else None)
        if kind:
            found[pid] = (kind, seconds)
    return found


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60
    markers = sys.argv[2:] or [""]
    before = cpu_seconds(markers)
    time.sleep(seconds)
    used: dict[str, float] = defaultdict(float)
    for pid, (kind, spent) in cpu_seconds(markers).items():
        # A process that started meanwhile counts from nothing; one that ended is lost (a
        # Locust run ending inside the window, a PostgreSQL backend that closed).
        used[kind] += spent - (before[pid][1] if pid in before and before[pid][0] == kind else 0)
    total = sum(used.values())
    print(f"CPU seconds over {seconds:.0f} s (2 cores = {2 * seconds:.0f} s available):")
    for kind, spent in sorted(used.items(), key=lambda item: -item[1]):
        print(f"  {kind:<26} {spent:7.1f} s  {spent / max(total, 1e-9):5.0%}  {spent / seconds:4.2f} cores")
    print(f"  {'all of these':<26} {total:7.1f} s")


if __name__ == "__main__":
    main()
