replay --policy policies/clocks.sla --events all_constructs.jsonl --lateness 30d --until 2026-05-01T00:00:00Z
