"""What reading an uploaded CSV costs the server process: in the process, or in the upload worker.

A file is read once per upload (regviz.upload.read_table: decoding, the delimiter, every
cell parsed in Python). In the server that is CPU time with the GIL held, which every
session's rerun and the event loop wait for; the app hands it to a worker process
(regviz.ui.work.Uploads) and the script waits without the GIL. For files of several sizes
(up to the 5 MB limit: numbers in 3 columns, and one-character cells in 200 columns, the
most cells a file within the limit holds) printed: this process's CPU and the wall time of
each way, the median of ``--repeat`` reads (the reading process kept between them). Then the
reading process's memory, fresh and after the biggest file, which is why the app ends it
after a file over ``Uploads.BIG`` bytes, and what the next upload waits for a fresh one.

Run: python bench/upload_cost.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from regviz.ui.work import Uploads
from regviz.upload import MAX_BYTES, table_or_error


def numbers(rows: int) -> bytes:
    values = np.random.default_rng(0).normal(size=(rows, 3))
    return ("x,z,y\n" + "".join(f"{a:.6f},{b:.6f},{c:.6f}\n" for a, b, c in values)).encode()


def ones(limit: int = MAX_BYTES - 4096) -> bytes:
    row = ",".join(["1"] * 200) + "\n"
    return (",".join(f"c{j}" for j in range(200)) + "\n" + row * (limit // len(row))).encode()


def timed(read, data: bytes, repeat: int) -> tuple[float, float]:
    cpu, wall = [], []
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        read(data)
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu) * 1000, statistics.median(wall) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    worker = Uploads(workers=1)
    worker.BIG = MAX_BYTES + 1  # kept between reads here (the app replaces it after a big file)
    worker.read(numbers(20))  # the process starts with the first upload: not timed
    fresh = rss_mb(worker)
    files = [("3 columns, 100 rows", numbers(100)), ("3 columns, 20,000 rows", numbers(20_000))]
    files += [("3 columns, 100,000 rows", numbers(100_000)), ("200 columns of '1'", ones())]
    print("reading an uploaded CSV: CPU of the server process and wall time, ms (median)")
    print(f"{'file':26} {'MB':>5} {'in the server: CPU':>19} {'wall':>7} {'in a worker: CPU':>17} {'wall':>7}")
    for name, data in files:
        here = timed(table_or_error, data, args.repeat)
        there = timed(worker.read, data, args.repeat)
        print(f"{name:26} {len(data) / 2**20:5.2f} {here[0]:19.1f} {here[1]:7.1f} {there[0]:17.1f} {there[1]:7.1f}")
    print(f"\nthe reading process: {fresh:.0f} MB fresh, {rss_mb(worker):.0f} MB after the files above")
    worker._process.stop()  # as the app does after a file over Uploads.BIG
    wall = timed(worker.read, numbers(100), 1)[1]
    print(f"a small file in a fresh process (after a big one): {wall:.0f} ms wall, {rss_mb(worker):.0f} MB")
    worker._process.stop()


def rss_mb(uploads: Uploads) -> float:
    proc = uploads._process._proc
    assert proc is not None
    status = Path(f"/proc/{proc.pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


if __name__ == "__main__":
    main()
