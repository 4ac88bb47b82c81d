eval --policy ../../examples/quickstart/quickstart.sla --leads ../../examples/quickstart/leads.jsonl --at 2026-03-10T00:00:00Z --no-cache
