//! The order go-yaml v2 writes map keys in: not byte order but a
//! "natural" one, where runs of digits compare as numbers (`port2` before
//! `port10`) and a non-letter comes before a letter (`_x` before `B`).

use std::cmp::Ordering;

/// Keys in go-yaml's order, by a merge sort on its `Less`. That `Less` is
/// not transitive (`a10` < `a1b` < `a01` < `a10`), and Go sorts keys in
/// map iteration order, which is random: Helm itself prints such keys in
/// a different order from run to run. `slice::sort_by` may panic on an
/// order like that; a merge sort just picks one.
pub fn sorted<T>(mut items: Vec<(&str, T)>) -> Vec<(&str, T)> {
    if items.len() < 2 {
        return items;
    }
    let right = items.split_off(items.len() / 2);
    let (left, right) = (sorted(items), sorted(right));
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut left, mut right) = (left.into_iter().peekable(), right.into_iter().peekable());
    while let (Some(l), Some(r)) = (left.peek(), right.peek()) {
        let next = if less(r.0, l.0) {
            right.next()
        } else {
            left.next()
        };
        out.extend(next);
    }
    out.extend(left);
    out.extend(right);
    out
}

/// go-yaml's `keyList.Less` for two strings.
pub fn less(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let Some(i) = (0..a.len().min(b.len())).find(|&i| a[i] != b[i]) else {
        return a.len() < b.len();
    };
    let (a_letter, b_letter) = (a[i].is_alphabetic(), b[i].is_alphabetic());
    if a_letter && b_letter {
        return a[i] < b[i];
    }
    if a_letter || b_letter {
        return b_letter;
    }
    // At a zero, a number already under way (`10` vs `1x`) counts on from
    // a non-zero start; leading zeros alone count as nothing.
    let continues_number = (a[i] == '0' || b[i] == '0')
        && a[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .any(|&c| c != '0');
    let start = i64::from(continues_number);
    let (an, a_end) = digit_run(&a, i, start);
    let (bn, b_end) = digit_run(&b, i, start);
    match (an.cmp(&bn), a_end.cmp(&b_end)) {
        (Ordering::Equal, Ordering::Equal) => a[i] < b[i],
        (Ordering::Equal, by_length) => by_length == Ordering::Less,
        (by_value, _) => by_value == Ordering::Less,
    }
}

/// The digits from `i` on as a number (wrapping like Go's int64) and where
/// they end.
fn digit_run(s: &[char], i: usize, start: i64) -> (i64, usize) {
    let end = i + s[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let n = s[i..end].iter().fold(start, |n, c| {
        n.wrapping_mul(10).wrapping_add(i64::from(*c as u8 - b'0'))
    });
    (n, end)
}
