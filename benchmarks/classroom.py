"""A classroom on one server: 30 students at once, each typing sentences and stepping.

    python benchmarks/classroom.py [--students 30] [--rounds 3]

Starts the app on a free loopback port (see app_speed.py), opens one headless Chromium
with ``--students`` pages at once (each page is its own Streamlit session), and has every
student: open the app on a sentence, then ``--rounds`` times type a new sentence + Enter
and click "next". Prints the errors (must be 0), p50/p95 latency of each action, and the
server's resident memory before and after (the caches are bounded, so it must level off).

Note: the browser's 30 pages and the server share this machine's cores, so latencies here
are worse than a real classroom where every student has their own computer.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
import urllib.parse

from app_speed import ARGS, CURRENT_CHIP, IDLE, sentences, start_server

TIMEOUT_MS = 180_000


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def student(browser, url: str, texts: list[str], lat: dict, errors: list) -> None:
    ctx = await browser.new_context(viewport={"width": 1280, "height": 720})
    page = await ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        t0 = time.perf_counter()
        await page.goto(f"{url}/?{urllib.parse.urlencode({'text': texts[0]})}")
        await page.wait_for_selector(IDLE)
        await page.wait_for_selector(".cv-chip")
        lat["open"].append(time.perf_counter() - t0)
        box = page.get_by_role("textbox", name="Sentence")
        for text in texts[1:]:
            await box.fill(text)
            t0 = time.perf_counter()
            await box.press("Enter")
            await page.wait_for_function(
                "t => new URLSearchParams(location.search).get('text') === t", arg=text
            )
            await page.wait_for_selector(IDLE)
            lat["sentence"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            await page.get_by_role("button", name="next token").click()
            await page.wait_for_function(CURRENT_CHIP, arg=1)
            lat["step_drawn"].append(time.perf_counter() - t0)
            await page.wait_for_function("new URLSearchParams(location.search).get('step') === '1'")
            await page.wait_for_selector(IDLE)
            lat["step_rerun"].append(time.perf_counter() - t0)
        if await page.locator(
            '[data-testid="stException"], [data-testid="stAlertContentError"]'
        ).count():
            errors.append("an error was shown on the page")
    except Exception as e:  # a timeout or a crash is a failed student, counted below
        errors.append(f"{type(e).__name__}: {str(e).splitlines()[0][:120]}")
    finally:
        await ctx.close()


async def classroom(url: str, students: int, rounds: int) -> tuple[dict, list]:
    from playwright.async_api import async_playwright

    pool = sentences(students * (rounds + 1))
    lat: dict[str, list[float]] = {"open": [], "sentence": [], "step_drawn": [], "step_rerun": []}
    errors: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        await asyncio.gather(
            *(
                student(browser, url, pool[i * (rounds + 1) : (i + 1) * (rounds + 1)], lat, errors)
                for i in range(students)
            )
        )
        await browser.close()
    return lat, errors


def pct(v: list[float], q: float) -> float:
    v = sorted(v)
    return v[min(len(v) - 1, round(q * (len(v) - 1)))]


def cpu_s(pid: int) -> float:
    """User + system CPU seconds the process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    proc, url = start_server()
    try:
        asyncio.run(classroom(url, 1, 1))  # warm: imports, first traces
        before, cpu0 = rss_mib(proc.pid), cpu_s(proc.pid)
        t0 = time.perf_counter()
        lat, errors = asyncio.run(classroom(url, a.students, a.rounds))
        wall = time.perf_counter() - t0
        after, cpu = rss_mib(proc.pid), cpu_s(proc.pid) - cpu0
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"classroom: {a.students} students × {a.rounds} rounds on {url}, {wall:.0f} s wall")
    print(f"  errors: {len(errors)}")
    for e in errors[:10]:
        print(f"    {e}")
    for k, v in lat.items():
        if v:
            print(
                f"  {k:11s} n={len(v):3d}  p50 {1000 * statistics.median(v):6.0f} ms  "
                f"p95 {1000 * pct(v, 0.95):6.0f} ms"
            )
    print(f"  server RSS: {before:.0f} MiB before, {after:.0f} MiB after")
    print(
        f"  server CPU: {cpu:.0f} s of {wall:.0f} s wall on {os.cpu_count()} cores "
        "(the rest went to the browser's 30 pages)"
    )


if __name__ == "__main__":
    main()
