test policies/inline.sla
