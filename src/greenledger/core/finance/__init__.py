"""Green and transition finance: financed emissions (PCAF) and catalogue eligibility."""
