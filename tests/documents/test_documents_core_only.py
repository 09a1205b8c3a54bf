"""Documents and the CSV and .xlsx ledgers need only the core: the office extra (python-docx,
openpyxl for reading) is imported on demand."""

from __future__ import annotations

import subprocess
import sys
import textwrap

OPTIONAL = ("sqlalchemy", "alembic", "psycopg", "openpyxl", "docx", "numpy", "hypothesis", "pytest")

SCRIPT = textwrap.dedent(
    f"""
    import importlib.abc, io, sys

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {OPTIONAL!r}:
                raise ModuleNotFoundError(f"blocked optional dependency: {{name}}")
            return None

    sys.meta_path.insert(0, Block())

    import datetime as dt
    from supervision.calendar import SHANGHAI, china
    from supervision.documents import Document, Issuer, Paragraph, render_text, write_docx
    from supervision.domain import RegistrationNumber
    from supervision.ledger import write_csv, write_xlsx

    doc = Document.create(
        "督办通知", "关于某事项的督办通知", Issuer.of("某县督查室"), dt.date(2026, 11, 21),
        number=RegistrationNumber.of("某县督", 2026, 12), addressees=["发展改革局"],
        body=[Paragraph("请按期办结。")],
    )
    assert "某县督〔2026〕12号" in render_text(doc)
    out = io.StringIO()
    write_csv([], out)
    assert out.getvalue().startswith("\\ufeff序号")
    book = io.BytesIO()
    write_xlsx([], book)
    assert book.getvalue()[:2] == b"PK"
    try:
        write_docx(doc, io.BytesIO())
    except ImportError as error:
        assert "pip install 'supervision-duban[office]'" in str(error), error
    else:
        raise AssertionError("the office extra was not needed")
    print("ok")
    """
)


def test_documents_and_csv_work_without_the_office_extra() -> None:
    """With every optional dependency blocked, text documents, CSV and the .xlsx ledger work
    and the .docx writer names the extra to install."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, encoding="utf-8",
        timeout=120, check=False,
    )
    assert 0 == done.returncode, done.stderr
    assert "ok" == done.stdout.strip()
