"""`make bench`: run every benchmark under bench/<name>/run.py in turn."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    for script in sorted(HERE.glob("*/run.py")):
        print(f"== {script.parent.name}", flush=True)
        subprocess.run([sys.executable, str(script), *sys.argv[1:]], check=True)
