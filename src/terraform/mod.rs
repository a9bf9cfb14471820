//! Terraform: parse, evaluate and lower module directories into the graph.
