"""wrk, run and read the same way by every benchmark here."""

import re
import subprocess


def run_wrk(
    url: str, *, connections: str, duration: str, headers: dict | None = None, extra=()
) -> dict:
    """One wrk run (2 threads, latency percentiles): requests, requests per second, the
    50th, 90th and 99th percentiles in ms, non-2xx/3xx answers and socket errors."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency", *extra]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout

    def ms(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms(50),
        "p90": ms(90),
        "p99": ms(99),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, sockets.groups())) if sockets else 0,
    }
