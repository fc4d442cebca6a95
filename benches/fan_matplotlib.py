"""The peer for the chart bench: matplotlib draws the same forecast fan from the same CSV
(the app's own data export of the chart) at 1920x1080, with a title, bands, lines and a
footnote. Prints the median render time in milliseconds (interpreter start and imports
excluded, as the app's figure excludes process start).

python3 benches/fan_matplotlib.py FAN.csv OUT.png
"""
import csv
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def draw(rows, out):
    weeks = list(range(1, len(rows) + 1))
    col = lambda k: [float(r[k]) for r in rows]
    fig, ax = plt.subplots(figsize=(19.2, 10.8), dpi=100)
    for name, colour in (("partner_sourced", "#2563eb"), ("direct", "#6b7280")):
        ax.fill_between(weeks, col(f"{name}_p10"), col(f"{name}_p90"), color=colour, alpha=0.18)
        ax.plot(weeks, col(f"{name}_p50"), color=colour, linewidth=3, label=name.replace("_", " "))
    ax.plot(weeks, col("total_p50"), color="#111827", linestyle="--", linewidth=2, label="all sources")
    ax.set_title("90-day forecast, cumulative by week", loc="left", fontsize=28, fontweight="bold")
    ax.legend(fontsize=16)
    ax.grid(alpha=0.3)
    fig.text(0.01, 0.01, rows[0]["method"], fontsize=14)
    fig.savefig(out, dpi=100)
    plt.close(fig)


def main():
    with open(sys.argv[1], newline="") as f:
        rows = list(csv.DictReader(f))
    times = []
    for _ in range(7):
        t = time.perf_counter()
        draw(rows, sys.argv[2])
        times.append((time.perf_counter() - t) * 1000)
    print(f"{statistics.median(times):.1f}")


if __name__ == "__main__":
    main()
