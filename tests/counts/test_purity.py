"""The counts package stays pure: the command and the services share it without Django."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MODULES = ("intervals", "flags", "dates", "linking", "proposals")


def test_importing_the_counts_package_does_not_import_django() -> None:
    present = [m for m in MODULES if (REPO / "claims" / "counts" / f"{m}.py").exists()]
    imports = "; ".join(f"import claims.counts.{m}" for m in present)
    code = f"import sys; {imports}; assert 'django' not in sys.modules, 'django imported'"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
