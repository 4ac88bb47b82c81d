check --color never .
