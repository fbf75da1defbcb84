"""The API contract: one error shape (``errors``), the exception handlers that answer in it
(``handlers``), the statuses each operation declares (``openapi``) and input types bounded by
the database columns (``types``)."""
