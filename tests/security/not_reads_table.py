"""What reads no matter, and why: the public functions of :mod:`test_read_paths`'s inventory
that are neither a read path, an office-level figure nor a path taking a matter id. Each
reason says why nothing of a matter reaches a reader through it (a command returning its
office or unit, the system's own jobs with no reader, pure formatting and parsing, writers
and renderers of what a probed read path already built for a reader, building blocks called
only inside a probed path).
"""

from __future__ import annotations

#: What reads no matter, and why.
NOT_READS: dict[str, str] = {
    "Supervision.uow": "hands out a unit of work (storage, not a read path)",
    "Supervision.dispose": "releases the engine",
    "Supervision.ensure_offices": "start-up configuration of offices (no actor, no matter)",
    "Supervision.change_policy": "an office command; returns the office",
    "Supervision.update_office": "an office command; returns the office",
    "Supervision.add_unit": "a unit command; returns the unit",
    "Supervision.update_unit": "a unit command; returns the unit",
    "Supervision.sweep": "the library's own daily job (system, no reader)",
    "Supervision.recompute_deadlines": "the library's own job (system, no reader)",
    "Supervision.chain_head": "the auditor's export of the chain head (count and hash only)",
    "Supervision.verify_chain": "the auditor's check of the chain (positions and keys only)",
    "_support.check_actor": "checks an argument",
    "_support.check_version": "checks an argument",
    "_support.citing": "words a RuleViolation",
    "_support.run_command": "runs a command through load_visible (probed via each command)",
    "context.scope_of": "the office and policy of a matter already loaded through load_visible",
    "offices.change_policy": "an office command; returns the office",
    "offices.ensure_office": "start-up configuration of offices",
    "offices.resolve_policy": "resolves a policy name",
    "offices.update_office": "an office command; returns the office",
    "registration.apply_registration_rules": "checks a registration against a policy",
    "registration.resolve_terms": "the deadline terms of a registration",
    "registration.register_matter": "stages a registration inside register / register_in "
                                    "(their links are probed in ID_PATHS)",
    "services.add_unit": "a unit command; returns the unit",
    "services.update_unit": "a unit command; returns the unit",
    "sweep.check_batch": "checks an argument",
    "sweep.check_offices": "checks an argument",
    "sweep.sweep": "the library's own daily job (system, no reader)",
    "sweep.recompute_deadlines": "the library's own job (system, no reader)",
    "ledger.read_csv": "reads a CSV file the caller gives",
    "ledger.import_xlsx": "reads a spreadsheet the caller gives (registers through register_in)",
    "documents.chinese_citation": "words a clause",
    "documents.chinese_clause": "words a clause",
    "documents.cite_in_text": "words a clause",
    "documents.layout": "lays out a Document already built for a reader",
    "documents.render_text": "renders a Document already built for a reader",
    "documents.render_markdown": "renders a Document already built for a reader",
    "documents.write_docx": "writes a Document already built for a reader",
    "documents.urgency_mark": "words an urgency",
    "report.render_html": "renders a ReportModel built from figures the caller read through "
                          "the filtered paths (no reader, no store)",
    "report.write_html": "writes what render_html renders",
    "sqlalchemy.alembic_config": "migration configuration",
    "sqlalchemy.create_engine": "opens an engine",
    "sqlalchemy.current_revision": "the schema revision",
    "sqlalchemy.head_revision": "the schema revision",
    "sqlalchemy.is_prepared": "engine set-up",
    "sqlalchemy.prepare": "engine set-up",
    "sqlalchemy.upgrade": "migrations",
    "sqlalchemy.verify": "the auditor's check of the chain (positions and keys only)",
    "sqlalchemy.export_head": "the auditor's export of the chain head (count and hash only)",
    "memory.verify": "the auditor's check of the chain (positions and keys only)",
    "memory.export_head": "the auditor's export of the chain head (count and hash only)",
    # the outbox's delivery and upkeep: system tasks, no reader
    "Supervision.deliver": "the delivery worker's job (system, no reader): hands the due "
                           "notices, each already rendered for its recipient, to the sender",
    "Supervision.requeue_notice": "a system task (no reader): makes a 未送达 notice due again",
    "Supervision.backfill_notices": "the library's own one-off job (system, no reader)",
    "delivery.deliver": "the delivery worker's job (system, no reader)",
    "delivery.requeue": "a system task (no reader): makes a 未送达 notice due again",
    "delivery.worker_name": "names this process (host, pid, random)",
    "outbox.backfill": "the library's own one-off job (system, no reader)",
    "outbox.escalation_source": "words an escalation key as an outbox source",
    "outbox.number_for": "takes the next document number of an office inside the caller's "
                         "unit of work",
    "outbox.notify_change": "writes, inside a command's unit of work, the notices of the "
                            "matter the command loaded through load_visible (each rendered "
                            "for its recipient; read back through the probed outbox paths)",
    "outbox.notify_decision": "writes, inside a command's unit of work, a decision's notices "
                              "(read back through the probed outbox paths)",
    "outbox.notify_dispatch": "writes, inside dispatch's unit of work, the 督办通知 (read back "
                              "through the probed outbox paths)",
    "outbox.notify_escalation": "writes, inside the sweep's unit of work, an escalation's "
                                "notices (read back through the probed outbox paths)",
    "outbox.notify_escalations": "writes, inside the sweep's unit of work, its page's "
                                 "escalations' notices, numbered by the commit (read back "
                                 "through the probed outbox paths)",
    "objections.escalate_overdue": "run only by sweep.sweep (system, no reader)",
    # registration's pure rules
    "registration.default_terms": "the default deadline terms of a category (pure)",
    "registration.rederive_terms": "re-derives a matter's deadline terms under a policy (pure; "
                                   "called by the sweep and migrate_matters)",
    # statistics: pure, or computing from what the probed office figures loaded
    "reporting.assessment_period_of": "the assessment period containing a day (pure)",
    "reporting.standings_of": "computes from an OfficeRead the library's own loader built "
                              "inside the probed office figures",
    "reporting.statistics_of": "computes from an OfficeRead the library's own loader built "
                               "inside the probed office figures",
    "reporting.scorecards_of": "computes from an OfficeRead the library's own loader built "
                               "inside the probed office figures",
    "reporting.score_report_of": "computes from an OfficeRead the library's own loader built "
                                 "inside the probed office figures",
    # formatting and parsing
    "ledger.chinese_number": "parses a Chinese numeral",
    "ledger.parse_category": "parses a cell of a spreadsheet the caller gives",
    "ledger.parse_deadline": "parses a cell of a spreadsheet the caller gives",
    "ledger.parse_source": "parses a cell of a spreadsheet the caller gives",
    "ledger.parse_urgency": "parses a cell of a spreadsheet the caller gives",
    "documents.redacted_text": "words what a recipient outside a matter's circle gets "
                               "(document name, number, issuer; nothing of the matter)",
    "documents.reply_day": "the reply day of an escalation the caller holds (pure)",
    # the sweep's private helpers: called only by sweep.sweep / recompute_deadlines
    "_streak_pass.streak_step": "called only by sweep.sweep (system, no reader)",
    "_quiet.settle": "writes wakes; called only by sweep.sweep (system, no reader)",
    "_sweep_log.log_start": "logs the sweep's progress (called only by sweep.sweep)",
    "_sweep_log.log_page": "logs the sweep's progress (called only by sweep.sweep)",
    "_sweep_log.log_retry": "logs the sweep's progress (called only by sweep.sweep)",
    "_sweep_log.log_escalation": "logs the sweep's progress (called only by sweep.sweep)",
    "_sweep_log.log_awaiting": "logs escalations waiting for a schedule (called only by sweep)",
    "_sweep_log.log_summary": "logs the sweep's progress (called only by sweep.sweep)",
    "_sweep_log.log_recompute": "logs recompute_deadlines (called only by it)",
    "_sweep_records.escalation_event": "builds the event of an escalation (pure; called only "
                                       "by sweep.sweep)",
    "_sweep_records.record": "records an escalation inside the sweep's unit of work (called "
                             "only by sweep.sweep)",
    "_sweep_records.score": "records score entries inside the sweep's unit of work (called "
                            "only by sweep.sweep)",
    "_sweep_records.with_retries": "retries a sweep step (called only by sweep.sweep)",
    "_sweep_records.closed_cutoff": "the sweep's look-back instant (pure; called only by "
                                    "sweep.sweep)",
}
