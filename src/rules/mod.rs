//! Rule logic written in Rust, for what a declarative condition cannot say.
