check --color never
