"""The district's carbon accounts: the fact table per enterprise and year built from
the newest verified inventories, coverage and labelled estimates, targets and trajectories,
carbon dual-control budgets and their alerts, restatement with a newer factor set, the
decomposition of why the figures moved, the progress pages, public aggregates and the annual
report. The numbers come from ``greenledger.core.progress``; this app stores and shows them."""
