//! Port ranges: `22`, `"1000-2000"`, `"*"`, and protocol values that mean
//! "every port".

use crate::model::Value;

/// An inclusive port range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortRange {
    pub from: u32,
    pub to: u32,
}

impl PortRange {
    pub const ALL: PortRange = PortRange { from: 0, to: 65535 };

    pub fn covers(self, port: u16) -> bool {
        (self.from..=self.to).contains(&u32::from(port))
    }

    pub fn covers_any(self, ports: &[u16]) -> bool {
        ports.iter().any(|&p| self.covers(p))
    }

    /// `22`, `22-22`, `0-65535`, or `all` for the full range.
    pub fn render(self) -> String {
        if self == PortRange::ALL {
            "all ports".to_string()
        } else if self.from == self.to {
            self.from.to_string()
        } else {
            format!("{}-{}", self.from, self.to)
        }
    }
}

/// A port number from a value (`22` or `"22"`).
pub fn port_number(value: &Value) -> Option<i64> {
    let n = value.as_number()?;
    (n.fract() == 0.0).then_some(n as i64)
}

/// One port spec: `22`, `"22"`, `"1000-2000"`, `"*"`. `None` when it is not
/// a port spec (a service name, say), which covers nothing.
pub fn parse_spec(value: &Value) -> Option<PortRange> {
    match value {
        Value::Number(_) => {
            let n = port_number(value)?;
            (0..=65535).contains(&n).then_some(PortRange {
                from: n as u32,
                to: n as u32,
            })
        }
        Value::String(s) => {
            let s = s.trim();
            if s == "*" {
                return Some(PortRange::ALL);
            }
            let (from, to) = s.split_once('-').unwrap_or((s, s));
            let from: u32 = from.trim().parse().ok()?;
            let to: u32 = to.trim().parse().ok()?;
            (from <= to && to <= 65535).then_some(PortRange { from, to })
        }
        _ => None,
    }
}

/// What a protocol value says about ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `-1` / `all`: every port, whatever the bounds say.
    All,
    /// ICMP has no ports.
    NoPorts,
    /// TCP, UDP or anything else with ports: the bounds decide.
    Ports,
}

pub fn protocol(value: &Value) -> Protocol {
    let is = |names: &[&str]| match value {
        Value::String(s) => names.iter().any(|n| s.trim().eq_ignore_ascii_case(n)),
        Value::Number(v) => names
            .iter()
            .any(|n| n.parse::<f64>().is_ok_and(|p| p == *v)),
        _ => false,
    };
    if is(&["-1", "all"]) {
        Protocol::All
    } else if is(&["icmp", "icmpv6", "1", "58"]) {
        Protocol::NoPorts
    } else {
        Protocol::Ports
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs() {
        let s = |t: &str| Value::String(t.into());
        assert_eq!(
            parse_spec(&Value::Number(22.0)),
            Some(PortRange { from: 22, to: 22 })
        );
        assert_eq!(
            parse_spec(&s("1000-2000")),
            Some(PortRange {
                from: 1000,
                to: 2000
            })
        );
        assert_eq!(parse_spec(&s(" 22 ")), Some(PortRange { from: 22, to: 22 }));
        assert_eq!(parse_spec(&s("*")), Some(PortRange::ALL));
        assert_eq!(parse_spec(&s("ssh")), None);
        assert_eq!(parse_spec(&s("2000-1000")), None);
        assert!(PortRange { from: 0, to: 1024 }.covers_any(&[3389, 22]));
        assert!(!PortRange { from: 23, to: 1024 }.covers_any(&[22]));
        assert_eq!(protocol(&s("-1")), Protocol::All);
        assert_eq!(protocol(&Value::Number(-1.0)), Protocol::All);
        assert_eq!(protocol(&s("tcp")), Protocol::Ports);
        assert_eq!(protocol(&s("icmp")), Protocol::NoPorts);
    }
}
