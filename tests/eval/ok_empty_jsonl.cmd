eval --policy ../../examples/quickstart/quickstart.sla --leads empty.jsonl --at 2026-03-10T00:00:00Z --engine interp
