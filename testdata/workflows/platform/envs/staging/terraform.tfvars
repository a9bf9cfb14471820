admin_cidrs = ["0.0.0.0/0"]
