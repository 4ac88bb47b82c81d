eval --policy ../../examples/quickstart/quickstart.sla --leads missing.jsonl
