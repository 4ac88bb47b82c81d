replay --policy policies/clocks.sla --events fail_activity_members.jsonl
