replay --policy policies/clocks.sla --events all_constructs.jsonl --state fail_state_without_output.db
