//! Evaluates catalog rules over a unit's graph.
pub mod condition;
pub mod rule;
