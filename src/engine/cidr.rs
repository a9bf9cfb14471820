//! `public_cidr`: does a source mean "the whole internet"?

use ipnet::IpNet;

/// `0.0.0.0/0`, `::/0` (in any spelling ipnet accepts), `0.0.0.0`, `*`,
/// and the Azure service tags `Internet` and `Any`.
pub fn is_public(source: &str) -> bool {
    let s = source.trim();
    if s == "0.0.0.0/0"
        || s == "::/0"
        || s == "*"
        || s == "0.0.0.0"
        || s.eq_ignore_ascii_case("internet")
        || s.eq_ignore_ascii_case("any")
    {
        return true;
    }
    // Only a `/0` network is the whole internet; parse just those.
    s.ends_with("/0") && s.parse::<IpNet>().is_ok_and(|net| net.prefix_len() == 0)
}

#[cfg(test)]
mod tests {
    use super::is_public;

    #[test]
    fn whole_internet() {
        for s in [
            "0.0.0.0/0",
            "::/0",
            "0::0/0",
            "*",
            "Internet",
            "Any",
            "any",
            "0.0.0.0",
            " 0.0.0.0/0 ",
        ] {
            assert!(is_public(s), "{s}");
        }
        for s in [
            "10.0.0.0/8",
            "0.0.0.0/1",
            "1.2.3.4/32",
            "VirtualNetwork",
            "",
            "anything",
        ] {
            assert!(!is_public(s), "{s}");
        }
    }
}
