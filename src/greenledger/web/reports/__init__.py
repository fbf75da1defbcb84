"""Reports rendered from the accounting core's objects: the enterprise's annual GHG report (PDF in
Chinese or English, XLSX with the full lineage) and the district-wide workbook for the secretariat.

No models: callers pass an ``EnterpriseInventory`` with the enterprise's details (``inputs``) and
get bytes back (``rendering``, ``workbooks``).
"""
