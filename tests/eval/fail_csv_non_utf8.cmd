eval --policy ../../examples/quickstart/quickstart.sla --leads non_utf8.csv --at 2026-03-10T00:00:00Z --engine interp
