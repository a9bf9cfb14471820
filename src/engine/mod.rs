//! Evaluates catalog rules over a unit's graph.
//!
//! - [`parse_rule`] reads one rule file (`rules/README.md` is the spec);
//! - [`Catalog`] holds the built-in and user rules and selects what runs;
//! - [`evaluate`] runs rules over a [`crate::model::Graph`] and returns [`Hit`]s.

mod catalog;
mod cidr;
pub mod condition;
mod error;
mod eval;
mod index;
mod lookup;
mod outcome;
mod parse;
mod parse_condition;
mod ports;
pub mod rule;
mod values;
mod yaml;

#[cfg(test)]
mod tests;

pub use catalog::Catalog;
pub use error::RuleError;
pub use eval::{Hit, evaluate, render_message};
pub use outcome::{Outcome, Truth, Witness, WitnessKind, WitnessValue};
pub use parse::parse_rule;
