"""The reporting pages, by topic: submissions and the workflow, records, imports, inventories
and reports, meter series. Thin: parse the request, call a service or a selector, render."""
