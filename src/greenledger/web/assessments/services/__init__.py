"""Writes of the assessments app. Every change of state is checked against
``accounts.permissions`` and appended to the audit ledger in the same transaction."""

from greenledger.web.assessments.services.applications import (
    application_create,
    application_set_inputs,
    application_submit,
)
from greenledger.web.assessments.services.calls import call_close, call_open
from greenledger.web.assessments.services.certificates import (
    certificate_reminders_send,
    certificate_revoke,
    certificates_expire_due,
)
from greenledger.web.assessments.services.decisions import application_decide
from greenledger.web.assessments.services.evidence import evidence_add, evidence_remove
from greenledger.web.assessments.services.recognition import (
    nomination_create,
    panel_score_record,
    recognition_call_open,
    recognition_publish,
    recognition_start_scoring,
)
from greenledger.web.assessments.services.relations import relation_declare, relation_remove
from greenledger.web.assessments.services.reviews import review_assign, review_save

__all__ = [
    "application_create",
    "application_decide",
    "application_set_inputs",
    "application_submit",
    "call_close",
    "call_open",
    "certificate_reminders_send",
    "certificate_revoke",
    "certificates_expire_due",
    "evidence_add",
    "evidence_remove",
    "nomination_create",
    "panel_score_record",
    "recognition_call_open",
    "recognition_publish",
    "recognition_start_scoring",
    "relation_declare",
    "relation_remove",
    "review_assign",
    "review_save",
]
