test --coverage --min-coverage 100 ../../../examples/saas-trial
