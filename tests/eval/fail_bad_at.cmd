eval --policy ../../examples/quickstart/quickstart.sla --leads empty.jsonl --at yesterday
