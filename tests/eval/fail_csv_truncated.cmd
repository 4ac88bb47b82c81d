eval --policy ../../examples/quickstart/quickstart.sla --leads truncated.csv --at 2026-03-10T00:00:00Z --engine interp
