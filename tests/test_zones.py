"""Time zones come from the pinned tzdata package for helpsite alone: the process's own
zoneinfo (MkDocs', a plugin's, a caller's) still reads the host's zone files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import tzdata

# In a process whose zone files say Berlin keeps UTC all year (a stale or wrong host copy):
# what ZoneInfo finds, helpsite's zone, and the time zone path after importing helpsite.
_PROBE = """
import datetime as dt, zoneinfo
from helpsite.model.types import time_zone
summer = dt.datetime(2026, 7, 1, 12)
print(summer.replace(tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")).utcoffset())
print(summer.replace(tzinfo=time_zone("Europe/Berlin")).utcoffset())
print(zoneinfo.TZPATH)
"""


def test_helpsite_reads_tzdata_and_leaves_the_processs_zones_alone(tmp_path):
    host = tmp_path / "zoneinfo"
    (host / "Europe").mkdir(parents=True)
    shutil.copy(Path(tzdata.__file__).parent / "zoneinfo" / "UTC", host / "Europe" / "Berlin")
    result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                            env={**os.environ, "PYTHONTZPATH": str(host)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["0:00:00", "2:00:00", f"('{host}',)"]
