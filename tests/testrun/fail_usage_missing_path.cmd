test missing_dir
