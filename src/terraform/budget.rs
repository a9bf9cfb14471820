//! The evaluation budget of one Terraform unit.
//!
//! A unit (a root module and every module instance under it) may spend at
//! most [`STEPS`] evaluation steps, [`BYTES`] bytes of strings and
//! [`ELEMENTS`] list/map elements, and create at most
//! `ELEMENTS / INSTANCE_COST` resource and module instances. Work is counted,
//! never timed, so a result does not depend on the machine.
//!
//! Evaluation is split into *roots*: one top-level resource attribute or
//! block, one module argument, one `count` / `for_each`, one variable
//! default. A root that asks for more than is left is *out*: the
//! expression that ran out gets a diagnostic, and every value computed from
//! there to the end of the root is unknown (so no rule reports on it). The
//! next root starts afresh; once the unit's pool is spent, each root still
//! gets a small share of a reserve, so literal and simple attributes of
//! the remaining resources are still understood. Creating instances never
//! draws on the reserve.

use crate::model::Value;
use crate::source::Span;

/// Evaluation steps for a unit (an expression node, a `for` iteration, …).
pub const STEPS: u64 = 2_000_000;
/// Bytes of strings a unit may build.
pub const BYTES: u64 = 64 << 20;
/// List and map elements a unit may build.
pub const ELEMENTS: u64 = 1_000_000;
/// What one resource or module instance costs, in elements.
pub const INSTANCE_COST: u64 = 250;
/// The reserve, once the pool is spent: this fraction of the pool …
const RESERVE_DIVISOR: u64 = 4;
/// … handed out to each root at most as this fraction of the pool.
const SHARE_DIVISOR: u64 = 2_000;
/// Diagnostics about the budget in one unit, at most.
const MAX_DIAGNOSTICS: usize = 16;

pub const MESSAGE: &str = "evaluation budget exceeded; values from here are unknown";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cost {
    pub steps: u64,
    pub bytes: u64,
    pub elements: u64,
}

impl Cost {
    pub const STEP: Cost = Cost {
        steps: 1,
        bytes: 0,
        elements: 0,
    };

    pub const fn elements(n: u64) -> Cost {
        Cost {
            steps: 0,
            bytes: 0,
            elements: n,
        }
    }

    pub const fn steps(n: u64) -> Cost {
        Cost {
            steps: n,
            bytes: 0,
            elements: 0,
        }
    }

    pub const fn bytes(n: u64) -> Cost {
        Cost {
            steps: 0,
            bytes: n,
            elements: 0,
        }
    }

    fn fits(&self, need: &Cost) -> bool {
        need.steps <= self.steps && need.bytes <= self.bytes && need.elements <= self.elements
    }

    fn take(&mut self, c: &Cost) {
        self.steps -= c.steps;
        self.bytes -= c.bytes;
        self.elements -= c.elements;
    }

    fn give(&mut self, c: &Cost) {
        self.steps += c.steps;
        self.bytes += c.bytes;
        self.elements += c.elements;
    }

    fn divided(&self, by: u64) -> Cost {
        Cost {
            steps: self.steps / by,
            bytes: self.bytes / by,
            elements: self.elements / by,
        }
    }

    fn min(&self, other: &Cost) -> Cost {
        Cost {
            steps: self.steps.min(other.steps),
            bytes: self.bytes.min(other.bytes),
            elements: self.elements.min(other.elements),
        }
    }
}

#[derive(Debug)]
pub struct Budget {
    /// What is left of the unit's pool.
    pool: Cost,
    /// What is left of the reserve.
    reserve: Cost,
    /// While the current root draws on the reserve: what is left of its share.
    share: Option<Cost>,
    /// The largest share a root gets.
    share_size: Cost,
    /// Nesting of roots; only the outermost one starts afresh.
    depth: u32,
    /// The current root ran out.
    out: bool,
    diagnostics: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget::new(Cost {
            steps: STEPS,
            bytes: BYTES,
            elements: ELEMENTS,
        })
    }
}

impl Budget {
    pub fn new(total: Cost) -> Self {
        let reserve = total.divided(RESERVE_DIVISOR);
        Budget {
            pool: total,
            reserve,
            share: None,
            share_size: total.divided(SHARE_DIVISOR),
            depth: 0,
            out: false,
            diagnostics: 0,
        }
    }

    /// Starts a root evaluation (nested roots share the outermost one's).
    pub fn begin_root(&mut self) {
        self.depth += 1;
        if self.depth > 1 {
            return;
        }
        self.out = false;
        if !self.pool.fits(&self.share_size) {
            let share = self.share_size.min(&self.reserve);
            self.reserve.take(&share);
            self.share = Some(share);
        }
    }

    pub fn end_root(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 0 {
            self.out = false;
            if let Some(left) = self.share.take() {
                self.reserve.give(&left);
            }
        }
    }

    /// Whether the current root has run out (its values are unknown).
    pub fn is_out(&self) -> bool {
        self.out
    }

    /// Spends `cost`; `false` (and the root is out) if it does not fit.
    /// A request that does not fit spends nothing, so one absurd request
    /// does not starve the rest of the unit.
    pub fn charge(&mut self, cost: Cost) -> bool {
        if self.out {
            return false;
        }
        let from = self.share.as_mut().unwrap_or(&mut self.pool);
        if from.fits(&cost) {
            from.take(&cost);
            true
        } else {
            self.out = true;
            false
        }
    }

    /// Whether `cost` fits, without spending it; the root is out if not.
    pub fn affords(&mut self, cost: Cost) -> bool {
        if self.out {
            return false;
        }
        let from = self.share.as_ref().unwrap_or(&self.pool);
        self.out = !from.fits(&cost);
        !self.out
    }

    /// Spends `cost` on new instances, from the pool only; `false` (the
    /// root is not put out) if it does not fit.
    pub fn charge_instances(&mut self, n: u64) -> bool {
        let cost = Cost::elements(n.saturating_mul(INSTANCE_COST));
        if self.out || self.share.is_some() || !self.pool.fits(&cost) {
            return false;
        }
        self.pool.take(&cost);
        true
    }

    /// Whether another diagnostic about the budget should be reported.
    pub fn should_report(&mut self) -> bool {
        self.diagnostics += 1;
        self.diagnostics <= MAX_DIAGNOSTICS
    }
}

/// What a value holds: its nodes (elements) and string bytes. The walk
/// stops after [`ELEMENTS`] nodes, which no budget affords anyway.
pub fn weight(value: &Value) -> Cost {
    let mut cost = Cost::elements(0);
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        cost.elements += 1;
        if cost.elements > ELEMENTS {
            cost.elements = u64::MAX;
            break;
        }
        match v {
            Value::String(s) => cost.bytes += s.len() as u64,
            Value::List(items) => stack.extend(items.iter().map(|n| &n.value)),
            Value::Map(m) => {
                for (k, n) in m {
                    cost.bytes += k.len() as u64;
                    stack.push(&n.value);
                }
            }
            _ => {}
        }
    }
    cost
}

/// Widest field `format` pads to (see `functions/format.rs`).
const FORMAT_WIDTH: u64 = 10_000;

/// An upper bound of what calling function `name` on `args` (of `weights`)
/// builds, so that a call is refused before it allocates: most functions
/// build at most a few times their input, a few multiply it.
pub fn call_estimate(name: &str, args: &[Value], weights: &[Cost]) -> Cost {
    let total = weights.iter().fold(Cost::elements(0), |mut t, w| {
        t.bytes = t.bytes.saturating_add(w.bytes);
        t.elements = t.elements.saturating_add(w.elements);
        t
    });
    let text = |i: usize| args.get(i).and_then(Value::as_str).unwrap_or("");
    let len = |i: usize| text(i).len() as u64;
    let list_len = |v: &Value| match v {
        Value::List(items) => items.len() as u64,
        Value::Map(m) => m.len() as u64,
        _ => 1,
    };
    // Escaping (`jsonencode`, `%q`) writes at most six bytes per byte.
    let encoded = total
        .bytes
        .saturating_mul(6)
        .saturating_add(total.elements.saturating_mul(32));
    let (bytes, elements) = match name.strip_prefix("core::").unwrap_or(name) {
        "replace" => {
            let sub = text(1);
            let matches = if sub.is_empty() || (sub.len() > 1 && sub.starts_with('/')) {
                len(0) + 1
            } else {
                len(0) / sub.len() as u64 + 1
            };
            (len(0).saturating_add(matches.saturating_mul(len(2))), 1)
        }
        "indent" => {
            let pad = args
                .first()
                .and_then(Value::as_number)
                .map_or(0, |n| n.clamp(0.0, FORMAT_WIDTH as f64) as u64);
            let lines = text(1).bytes().filter(|&b| b == b'\n').count() as u64 + 1;
            (len(1).saturating_add(lines.saturating_mul(pad)), 1)
        }
        "format" => (
            encoded.saturating_add(len(0).saturating_mul(FORMAT_WIDTH / 2)),
            1,
        ),
        "formatlist" => {
            let n = args.iter().skip(1).map(list_len).max().unwrap_or(1);
            let one = encoded.saturating_add(len(0).saturating_mul(FORMAT_WIDTH / 2));
            (n.saturating_mul(one), n + 1)
        }
        "setproduct" => {
            let n = args
                .iter()
                .map(list_len)
                .fold(1u64, |p, l| p.saturating_mul(l.max(1)));
            (
                n.saturating_mul(total.bytes.max(1)),
                n.saturating_mul(args.len() as u64 + 1),
            )
        }
        "range" => (0, 1_025),
        "split" => (len(1), len(1) + 2),
        "join" => (
            total
                .bytes
                .saturating_add(len(0).saturating_mul(total.elements)),
            1,
        ),
        _ => (
            encoded.saturating_add(64),
            total.elements.saturating_mul(2).saturating_add(1),
        ),
    };
    Cost {
        steps: 0,
        bytes,
        elements,
    }
}

/// The diagnostic for an expression that ran out.
pub fn diagnostic(span: Span) -> super::Diagnostic {
    super::Diagnostic {
        file: span.file,
        span: Some(span),
        message: MESSAGE.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Budget {
        Budget::new(Cost {
            steps: 8_000,
            bytes: 8_000,
            elements: 8_000,
        })
    }

    #[test]
    fn a_root_that_runs_out_stays_out_until_the_next_root() {
        let mut b = small();
        b.begin_root();
        assert!(b.charge(Cost::bytes(7_000)));
        assert!(!b.charge(Cost::bytes(2_000)));
        assert!(b.is_out());
        assert!(!b.charge(Cost::STEP));
        b.end_root();
        b.begin_root();
        assert!(!b.is_out());
        // The refused request spent nothing.
        assert!(b.charge(Cost::bytes(900)));
        b.end_root();
    }

    #[test]
    fn a_spent_pool_leaves_each_root_a_small_share() {
        let mut b = small();
        b.begin_root();
        while b.charge(Cost::STEP) {}
        b.end_root();
        // The reserve is 2,000 steps, a share 4.
        for _ in 0..10 {
            b.begin_root();
            for _ in 0..4 {
                assert!(b.charge(Cost::STEP));
            }
            assert!(!b.charge(Cost::STEP));
            b.end_root();
        }
        // Inside a root that draws on the reserve, no instance is made.
        b.begin_root();
        assert!(!b.charge_instances(1));
        b.end_root();
        let mut roots = 0;
        loop {
            b.begin_root();
            let ok = b.charge(Cost::STEP);
            b.end_root();
            if !ok {
                break;
            }
            roots += 1;
        }
        assert!(roots <= 2_000, "{roots}");
    }

    #[test]
    fn instances_cost_elements_from_the_pool() {
        let mut b = small();
        assert!(b.charge_instances(32));
        assert!(!b.charge_instances(1));
        assert!(!b.is_out());
    }
}
