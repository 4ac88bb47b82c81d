fmt --check messy.sla
