"""The import's progress bar on a terminal: the stage, the share of the file, the rows, the rate."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.utils.translation import gettext as _

from dangvien.core.formatting import vn_int
from dangvien.interchange.sections import stage_label


class TerminalProgress:
    """A progress bar on standard error (a terminal only): share of the file, rows, rate.

    ``progress(stage, count, fraction)`` is what the sections call; ``close()`` ends the line.
    """

    def __init__(self, stream: Any = None, width: int = 24) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.monotonic()
        self.stage = ""
        self.shown = False

    def __call__(self, stage: str, count: int, fraction: float | None = None) -> None:
        if not self.stream.isatty():
            return
        if stage != self.stage:
            self.close()
            self.stage, self.started = stage, time.monotonic()
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = count / elapsed
        label = str(stage_label(stage))
        parts = [f"{label:<10}"]
        if fraction is not None:
            filled = round(self.width * fraction)
            parts.append("█" * filled + "░" * (self.width - filled) + f" {fraction:4.0%}")
            if 0 < fraction < 1:
                parts.append(
                    _("~%(seconds)s s left")
                    % {"seconds": round(elapsed * (1 - fraction) / fraction)}
                )
        parts.append(
            _("%(rows)s rows · %(rate)s rows/s")
            % {"rows": vn_int(count), "rate": vn_int(round(rate))}
        )
        self.stream.write("\r" + "  ".join(parts) + " ")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False
