"""The statistics tests walk matters with the escalation tests' world."""

from __future__ import annotations

import sys
from pathlib import Path

_ESCALATION = str(Path(__file__).parent.parent / "escalation")
if _ESCALATION not in sys.path:
    sys.path.insert(0, _ESCALATION)

_REPORT = str(Path(__file__).parent.parent / "report")
if _REPORT not in sys.path:
    sys.path.insert(0, _REPORT)
