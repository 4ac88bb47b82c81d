replay --policy policies/clocks.sla --events fail_lateness.jsonl --lateness 10m
