//! Network functions: `cidrhost`, `cidrnetmask`, `cidrsubnet`,
//! `cidrsubnets`, for IPv4 and IPv6, with the semantics of Terraform (which
//! uses the `go-cidr` library). Addresses are `u128` integers.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::args;
use super::string_list;
use crate::model::Value;

type Res = Result<Value, String>;

/// A network prefix: the address with host bits cleared, its prefix length
/// and whether it is IPv6.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Net {
    v6: bool,
    addr: u128,
    prefix: u32,
}

impl Net {
    fn bits(self) -> u32 {
        if self.v6 { 128 } else { 32 }
    }

    /// Number of addresses in the network minus one (all host bits set).
    fn host_mask(self) -> u128 {
        host_mask(self.bits() - self.prefix)
    }

    fn show(self) -> String {
        format!("{}/{}", show_addr(self.v6, self.addr), self.prefix)
    }
}

/// `2^bits - 1` without overflow for `bits = 128`.
fn host_mask(bits: u32) -> u128 {
    if bits >= 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    }
}

/// Go prints IPv4-mapped IPv6 addresses in dotted form.
fn show_addr(v6: bool, addr: u128) -> String {
    if !v6 {
        return Ipv4Addr::from(addr as u32).to_string();
    }
    let ip = Ipv6Addr::from(addr);
    match ip.to_ipv4_mapped() {
        Some(v4) => v4.to_string(),
        None => ip.to_string(),
    }
}

/// Parses `addr/len` like Terraform's `ipaddr.ParseCIDR` (which accepts
/// leading zeros in IPv4 octets), returning the network.
fn parse_cidr(text: &str) -> Result<Net, String> {
    let invalid = || format!("invalid CIDR expression: invalid CIDR address: {text}");
    let (addr, prefix) = text.split_once('/').ok_or_else(invalid)?;
    if prefix.is_empty() || prefix.len() > 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let prefix: u32 = prefix.parse().map_err(|_| invalid())?;
    let (v6, value) = if addr.contains(':') {
        let ip: Ipv6Addr = addr.parse().map_err(|_| invalid())?;
        (true, u128::from(ip))
    } else {
        (false, u128::from(parse_ipv4(addr).ok_or_else(invalid)?))
    };
    let bits = if v6 { 128 } else { 32 };
    if prefix > bits {
        return Err(invalid());
    }
    let host = host_mask(bits - prefix);
    Ok(Net {
        v6,
        addr: value & !host,
        prefix,
    })
}

fn parse_ipv4(text: &str) -> Option<u32> {
    let mut value = 0u32;
    let mut count = 0;
    for part in text.split('.') {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let octet: u8 = part.parse().ok()?;
        value = (value << 8) | u32::from(octet);
        count += 1;
    }
    (count == 4).then_some(value)
}

/// A whole, non-negative number as u128.
fn unsigned(value: &Value, what: &str) -> Result<u128, String> {
    let n = args::number(value)?;
    if n.fract() != 0.0 || !n.is_finite() {
        return Err(format!("{what} must be a whole number"));
    }
    if n < 0.0 {
        return Err(format!("{what} must not be negative"));
    }
    if n >= 2f64.powi(127) {
        return Err(format!("{what} is too large"));
    }
    Ok(n as u128)
}

pub(super) fn cidrsubnet(args: Vec<Value>) -> Res {
    let net = parse_cidr(&args::string(&args[0])?)?;
    let newbits = args::integer(&args[1])?;
    let netnum = unsigned(&args[2], "netnum")?;
    if newbits < 0 {
        return Err("newbits must not be negative".into());
    }
    let new_prefix = i64::from(net.prefix) + newbits;
    if new_prefix > i64::from(net.bits()) {
        return Err(format!(
            "insufficient address space to extend prefix of {} by {newbits}",
            net.prefix
        ));
    }
    let new_prefix = new_prefix as u32;
    if netnum > host_mask(newbits as u32) {
        return Err(format!(
            "prefix extension of {newbits} does not accommodate a subnet numbered {netnum}"
        ));
    }
    let shift = net.bits() - new_prefix;
    let offset = if shift >= 128 { 0 } else { netnum << shift };
    let subnet = Net {
        addr: net.addr | offset,
        prefix: new_prefix,
        ..net
    };
    Ok(Value::String(subnet.show()))
}

pub(super) fn cidrhost(args: Vec<Value>) -> Res {
    let net = parse_cidr(&args::string(&args[0])?)?;
    let n = args::number(&args[1])?;
    if n.fract() != 0.0 || !n.is_finite() || n.abs() >= 2f64.powi(127) {
        return Err("hostnum must be a whole number".into());
    }
    let max = net.host_mask();
    let shown = crate::model::format_number(n);
    let out_of_range = || {
        format!(
            "prefix of {} does not accommodate a host numbered {shown}",
            net.prefix
        )
    };
    // A negative host number counts back from the last address.
    let host = if n < 0.0 {
        let back = (-n) as u128 - 1;
        max.checked_sub(back).ok_or_else(out_of_range)?
    } else {
        let host = n as u128;
        if host > max {
            return Err(out_of_range());
        }
        host
    };
    Ok(Value::String(show_addr(net.v6, net.addr | host)))
}

pub(super) fn cidrnetmask(args: Vec<Value>) -> Res {
    let text = args::string(&args[0])?;
    let net = parse_cidr(&text)?;
    if net.v6 {
        return Err(format!("IPv6 addresses cannot have a netmask: {text}"));
    }
    let mask = !(net.host_mask() as u32);
    Ok(Value::String(Ipv4Addr::from(mask).to_string()))
}

/// Consecutive subnets of the given sizes, each aligned to its own size,
/// like Terraform's `cidrsubnets`.
pub(super) fn cidrsubnets(args: Vec<Value>) -> Res {
    let net = parse_cidr(&args::string(&args[0])?)?;
    let last = net.addr | net.host_mask();
    // The next free address; None once the address space is used up.
    let mut cursor = Some(net.addr);
    let mut previous = net;
    let mut out = Vec::with_capacity(args.len() - 1);
    for (i, arg) in args[1..].iter().enumerate() {
        let newbits = args::integer(arg).map_err(|e| format!("argument {}: {e}", i + 2))?;
        if newbits < 1 {
            return Err("must extend prefix by at least one bit".into());
        }
        if newbits > 32 {
            return Err("may not extend prefix by more than 32 bits".into());
        }
        let length = net.prefix + newbits as u32;
        if length > net.bits() {
            let family = if net.v6 { "IPv6" } else { "IPv4" };
            return Err(format!(
                "would extend prefix to {length} bits, which is too long for an {family} address"
            ));
        }
        let size_mask = host_mask(net.bits() - length);
        let start = cursor
            .and_then(|c| c.checked_add(size_mask))
            .map(|c| c & !size_mask)
            .filter(|s| s.checked_add(size_mask).is_some_and(|end| end <= last));
        let Some(start) = start else {
            return Err(format!(
                "not enough remaining address space for a subnet with a prefix of {length} bits after {}",
                previous.show()
            ));
        };
        previous = Net {
            addr: start,
            prefix: length,
            ..net
        };
        out.push(previous.show());
        cursor = (start | size_mask).checked_add(1);
    }
    Ok(string_list(out))
}

#[cfg(test)]
mod tests {
    use super::super::{call, list_of};
    use super::*;

    fn s(v: &str) -> Value {
        Value::String(v.into())
    }
    fn n(v: f64) -> Value {
        Value::Number(v)
    }
    fn strs(values: &[&str]) -> Value {
        list_of(values.iter().map(|v| s(v)))
    }

    #[test]
    fn cidrsubnet_examples() {
        let c = |p: &str, b: f64, num: f64| call("cidrsubnet", vec![s(p), n(b), n(num)]);
        assert_eq!(c("10.1.2.0/24", 4.0, 15.0), Ok(s("10.1.2.240/28")));
        assert_eq!(c("172.16.0.0/12", 4.0, 2.0), Ok(s("172.18.0.0/16")));
        assert_eq!(c("10.1.2.0/24", 4.0, 15.0), Ok(s("10.1.2.240/28")));
        assert_eq!(
            c("fd00:fd12:3456:7890::/56", 16.0, 162.0),
            Ok(s("fd00:fd12:3456:7800:a200::/72"))
        );
        assert_eq!(c("10.0.0.5/8", 8.0, 1.0), Ok(s("10.1.0.0/16")));
        assert_eq!(c("10.0.0.0/8", 0.0, 0.0), Ok(s("10.0.0.0/8")));
        assert!(c("10.0.0.0/8", 8.0, 256.0).is_err());
        assert!(c("10.0.0.0/30", 3.0, 0.0).is_err());
        assert!(c("10.0.0.0/8", 8.0, -1.0).is_err());
        assert!(c("not a cidr", 8.0, 1.0).is_err());
        assert!(c("10.0.0.0", 8.0, 1.0).is_err());
        assert!(c("10.0.0.0/33", 1.0, 1.0).is_err());
        assert_eq!(c("010.000.000.000/8", 8.0, 2.0), Ok(s("10.2.0.0/16")));
    }

    #[test]
    fn cidrhost_examples() {
        let c = |p: &str, h: f64| call("cidrhost", vec![s(p), n(h)]);
        assert_eq!(c("10.12.112.0/20", 16.0), Ok(s("10.12.112.16")));
        assert_eq!(c("10.12.112.0/20", 268.0), Ok(s("10.12.113.12")));
        assert_eq!(
            c("fd00:fd12:3456:7890:00a2::/72", 34.0),
            Ok(s("fd00:fd12:3456:7890::22"))
        );
        assert_eq!(c("10.0.0.0/24", -1.0), Ok(s("10.0.0.255")));
        assert_eq!(c("10.0.0.0/24", -256.0), Ok(s("10.0.0.0")));
        assert!(c("10.0.0.0/24", -257.0).is_err());
        assert!(c("10.0.0.0/24", 256.0).is_err());
        assert_eq!(c("::/0", 1.0), Ok(s("::1")));
    }

    #[test]
    fn cidrnetmask_examples() {
        let c = |p: &str| call("cidrnetmask", vec![s(p)]);
        assert_eq!(c("172.16.0.0/12"), Ok(s("255.240.0.0")));
        assert_eq!(c("10.0.0.0/32"), Ok(s("255.255.255.255")));
        assert_eq!(c("0.0.0.0/0"), Ok(s("0.0.0.0")));
        assert!(c("fd00::/64").is_err());
    }

    #[test]
    fn cidrsubnets_examples() {
        let c = |p: &str, bits: &[f64]| {
            let mut args = vec![s(p)];
            args.extend(bits.iter().map(|b| n(*b)));
            call("cidrsubnets", args)
        };
        assert_eq!(
            c("10.1.0.0/16", &[4.0, 4.0, 8.0, 4.0]),
            Ok(strs(&[
                "10.1.0.0/20",
                "10.1.16.0/20",
                "10.1.32.0/24",
                "10.1.48.0/20"
            ]))
        );
        assert_eq!(
            c("fd00:fd12:3456:7890::/56", &[16.0, 16.0, 16.0, 32.0]),
            Ok(strs(&[
                "fd00:fd12:3456:7800::/72",
                "fd00:fd12:3456:7800:100::/72",
                "fd00:fd12:3456:7800:200::/72",
                "fd00:fd12:3456:7800:300::/88",
            ]))
        );
        assert_eq!(c("10.0.0.0/8", &[]), Ok(strs(&[])));
        assert!(c("10.0.0.0/30", &[1.0, 1.0, 1.0]).is_err());
        assert!(c("10.0.0.0/30", &[3.0]).is_err());
        assert!(c("10.0.0.0/8", &[0.0]).is_err());
        assert!(c("fd00::/8", &[33.0]).is_err());
        assert_eq!(
            c("0.0.0.0/0", &[1.0, 1.0]),
            Ok(strs(&["0.0.0.0/1", "128.0.0.0/1"]))
        );
        assert!(c("0.0.0.0/0", &[1.0, 1.0, 1.0]).is_err());
        assert_eq!(c("::/0", &[1.0, 1.0]), Ok(strs(&["::/1", "8000::/1"])));
        assert!(c("::/0", &[1.0, 1.0, 1.0]).is_err());
    }
}
