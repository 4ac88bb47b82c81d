fmt --check scores_canonical.sla
