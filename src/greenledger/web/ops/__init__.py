"""Scheduled operations: the daily jobs the worker runs (expiries, renewal reminders).

django-tasks has no periodic scheduler, so this small app is one. It sits beside the other apps
rather than inside one of them because it belongs to none: it calls the services of the apps
that own the data (``members.designations_expire_due``, ``assessments.certificates_expire_due``,
``assessments.certificate_reminders_send``) and owns only its own table, ``ScheduledRun``, one row
per (job, day) that ran. It could not live in ``audit``: every app depends on the audit ledger,
so the ledger must depend on none of them.

How it works (``scheduler.tick``): every ``GREENLEDGER_SCHEDULE_TICK_SECONDS`` the worker
(``greenledger worker``) looks at each job of ``GREENLEDGER_SCHEDULE`` (job name -> local time of
day). For each day from the day after the job's last recorded run up to today (today only once
its time of day has come; at most ``GREENLEDGER_SCHEDULE_CATCH_UP_DAYS`` back, and on the very
first run only the latest day), it claims the day by inserting the (job, day) row, which a unique
constraint allows once, and runs the job for that day in the same transaction. So:

- a worker that was down catches up, running each missed day once, oldest first;
- running the tick again, or on several worker hosts at once, does nothing new: a second
  claimant of a day waits for the first one's transaction (the unique index on PostgreSQL,
  the write lock on SQLite) and then finds the day taken;
- a job that fails (or a worker killed mid-job) rolls back with its claim, and the next tick
  runs the day again.

The jobs' changes are written by the owning apps' services, with the ledger's system actor
``system:scheduler``. E-mails are the one effect a rollback cannot take back: a reminder job
that fails after sending can send again when the day is retried (at least once, never zero).
"""
