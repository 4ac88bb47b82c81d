fmt --diff messy.sla
