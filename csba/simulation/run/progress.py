"""The terminal's progress bar: share done, the virtual date reached,
contacts taken in and events per second; on a pipe, a line per tenth."""

from __future__ import annotations

import sys
from typing import TextIO

from .driver import Progress

WIDTH = 28


class ProgressBar:
    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.is_terminal = self.stream.isatty()
        self.last_tenth = -1
        self.shown = False

    def line(self, progress: Progress) -> str:
        filled = int(round(progress.fraction * WIDTH))
        when = progress.at[:16].replace("T", " ")
        runs = f"  runs {progress.finished}/{progress.replications}" if progress.replications > 1 else ""
        return (
            f"[{'#' * filled}{'.' * (WIDTH - filled)}] {progress.fraction:4.0%}  {when}  "
            f"contacts {progress.contacts:,}  {progress.events_per_second:,.0f} events/s{runs}"
        )

    def __call__(self, progress: Progress) -> None:
        if self.is_terminal:
            self.stream.write("\r" + self.line(progress).ljust(100))
            self.stream.flush()
            self.shown = True
            return
        tenth = int(progress.fraction * 10)
        if tenth != self.last_tenth:
            self.last_tenth = tenth
            self.stream.write(self.line(progress) + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.is_terminal and self.shown:
            self.stream.write("\n")
            self.stream.flush()
