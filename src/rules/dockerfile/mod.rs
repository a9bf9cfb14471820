//! Templates for Dockerfile stages (`dockerfile_stage` resources), for what
//! the condition language cannot say about shell commands.

mod managers;
pub mod unpinned_packages;
