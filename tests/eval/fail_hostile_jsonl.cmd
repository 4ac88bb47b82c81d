eval --policy ../../examples/quickstart/quickstart.sla --leads hostile.jsonl --at 2026-03-10T00:00:00Z --explain --engine interp
