test --coverage --min-coverage 100 ../../../examples/acme-inbound
