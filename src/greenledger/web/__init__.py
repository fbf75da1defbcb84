"""The Django web platform: the alliance registry, accounts, the audit ledger and the API.

A thin shell around ``greenledger.core``: apps hold models, ``services`` (writes) and
``selectors`` (reads); views and API endpoints only call them.
"""
