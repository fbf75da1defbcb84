"""Assessments and recognition: calls, applications with evidence, third-party review,
certificates with public verification, and demonstration-unit recognition."""
