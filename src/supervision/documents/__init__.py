"""Official documents (公文) rendered from domain data: 督办通知 / 交办单, 督查催办单, 督查告诫单,
约谈通知, 督查通报, 督查专报 and the periodic assessment result.

Builders (:func:`assignment_notice`, :func:`reminder_notice`, …) take the reading actor and
apply the service layer's visibility rule; they return a :class:`Document` carrying the
GB/T 9704 elements. :func:`escalation_document` and :func:`dispatch_document` build the
document of a recorded escalation or dispatch from the records alone (its number, its reply
deadline, its clause, the office's letterhead: :meth:`Issuer.for_office`); the outbox sends
them (``supervision.service_layer.outbox``). :func:`render_text` and :func:`render_markdown`
need nothing beyond the core;
:func:`write_docx` needs the ``office`` extra (``pip install 'supervision-duban[office]'``),
imported only when called, and writes a page that prints to GB/T 9704-2012 (page
numbers, 版记 at the foot of the last page, 份号, 附注, signature block never alone on a
page). An office supplies its letterhead data on its :class:`Issuer`. Citation keys in the
body are printed in Chinese (:func:`cite_in_text`). See docs/documents.md.
"""

from __future__ import annotations

from supervision.documents._cite import chinese_citation, chinese_clause, cite_in_text
from supervision.documents._docx import write_docx
from supervision.documents._model import (
    Block,
    Classification,
    Document,
    Heading,
    Issuer,
    Paragraph,
    SecrecyLevel,
    Table,
    urgency_mark,
)
from supervision.documents._notices import (
    InterviewNotice,
    ReminderNotice,
    WarningNotice,
    assignment_notice,
    interview_notice,
    reminder_notice,
    warning_notice,
)
from supervision.documents._recorded import (
    DEFAULT_REPLY_WORKING_DAYS,
    dispatch_document,
    escalation_document,
    matter_letter,
    redacted_text,
    reply_day,
)
from supervision.documents._render import Line, LineRole, layout, render_markdown, render_text
from supervision.documents._reports import (
    Assessment,
    AssessmentRow,
    Bulletin,
    BulletinEntry,
    BulletinTone,
    Deduction,
    assessment_result,
    bulletin,
    special_report,
)

__all__ = [
    "DEFAULT_REPLY_WORKING_DAYS",
    "Assessment",
    "AssessmentRow",
    "Block",
    "Bulletin",
    "BulletinEntry",
    "BulletinTone",
    "Classification",
    "Deduction",
    "Document",
    "Heading",
    "InterviewNotice",
    "Issuer",
    "Line",
    "LineRole",
    "Paragraph",
    "ReminderNotice",
    "SecrecyLevel",
    "Table",
    "WarningNotice",
    "assessment_result",
    "assignment_notice",
    "bulletin",
    "chinese_citation",
    "chinese_clause",
    "cite_in_text",
    "dispatch_document",
    "escalation_document",
    "interview_notice",
    "layout",
    "matter_letter",
    "redacted_text",
    "reminder_notice",
    "render_markdown",
    "render_text",
    "reply_day",
    "special_report",
    "urgency_mark",
    "warning_notice",
    "write_docx",
]
