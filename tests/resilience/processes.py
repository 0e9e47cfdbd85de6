"""The processes a served stack started, read from /proc: to find the task worker and kill it,
and to check that nothing outlives the stack."""

from __future__ import annotations

from pathlib import Path

# `cocreate worker`'s command line, as /proc/PID/cmdline spells it (NUL-separated).
TASK_WORKER = b"\x00cocreate\x00worker"


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found |= {child} | descendants(child)
    return found


def task_worker(pid: int) -> int | None:
    """The live task worker among `pid`'s descendants, if any."""
    for child in descendants(pid):
        try:
            if TASK_WORKER in Path(f"/proc/{child}/cmdline").read_bytes() and alive(child):
                return child
        except OSError:
            continue
    return None


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
