test --coverage ../check/brief_example.sla
