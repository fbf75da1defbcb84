"""Green and transition finance (issue 12): financed emissions (PCAF) and catalogue eligibility."""
