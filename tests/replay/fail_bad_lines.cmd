replay --policy policies/clocks.sla --events fail_bad_lines.jsonl --lateness 10m
