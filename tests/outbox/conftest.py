"""The outbox tests walk matters with the escalation tests' world too."""

from __future__ import annotations

import sys
from pathlib import Path

_ESCALATION = str(Path(__file__).parent.parent / "escalation")
if _ESCALATION not in sys.path:
    sys.path.insert(0, _ESCALATION)
