eval --policy ../../examples/quickstart/quickstart.sla --leads header_only.csv --at 2026-03-10T00:00:00Z --engine interp
