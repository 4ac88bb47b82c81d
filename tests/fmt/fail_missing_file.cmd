fmt missing_file.sla
