fmt --check canonical/scores.sla
