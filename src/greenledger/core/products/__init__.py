"""Product carbon footprints, PACT exchange and CBAM embedded emissions (pure core)."""
