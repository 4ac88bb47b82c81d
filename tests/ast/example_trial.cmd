check --color never --dump ast ../../examples/saas-trial/trial.sla
