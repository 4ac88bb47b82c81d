check --color never --dump ast ../../examples/saas-trial/trial.test.sla
