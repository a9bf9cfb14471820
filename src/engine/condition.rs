//! Declarative rule conditions.
#[derive(Clone, Debug)]
pub enum Condition {}
