"""Writes to the registry. Each function checks permission, validates every field (errors are
keyed by field name), changes the rows and appends an audit entry, all in one transaction."""

from greenledger.web.members.services.designations import (
    SITE_KIND_FOR_DESIGNATION,
    designation_create,
    designation_expire,
    designation_problems,
    designation_set_status,
    designations_expire_due,
)
from greenledger.web.members.services.organisations import (
    ORGANISATION_FIELDS,
    SELF_SERVICE_FIELDS,
    credit_code_error,
    membership_change,
    membership_create,
    organisation_check,
    organisation_create,
    organisation_set_published,
    organisation_update,
)
from greenledger.web.members.services.renewals import (
    RENEWAL_REMINDER_DAYS,
    membership_reminders_send,
    membership_renew,
    memberships_lapse_due,
    next_renewal_date,
)
from greenledger.web.members.services.sites import (
    SITE_FIELDS,
    site_check,
    site_create,
    site_delete,
    site_flags,
    site_update,
)

__all__ = [
    "ORGANISATION_FIELDS",
    "RENEWAL_REMINDER_DAYS",
    "SELF_SERVICE_FIELDS",
    "SITE_FIELDS",
    "SITE_KIND_FOR_DESIGNATION",
    "credit_code_error",
    "designation_create",
    "designation_expire",
    "designation_problems",
    "designation_set_status",
    "designations_expire_due",
    "membership_change",
    "membership_create",
    "membership_reminders_send",
    "membership_renew",
    "memberships_lapse_due",
    "next_renewal_date",
    "organisation_check",
    "organisation_create",
    "organisation_set_published",
    "organisation_update",
    "site_check",
    "site_create",
    "site_delete",
    "site_flags",
    "site_update",
]
