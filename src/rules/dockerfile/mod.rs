//! Templates for Dockerfile stages (`dockerfile_stage` resources), for what
//! the condition language cannot say about shell commands.

pub mod unpinned_packages;
