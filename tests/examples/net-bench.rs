//! Network and DNS benchmark: wall time of `checkup run --only network` and `--only dns` in
//! the lab's namespaces, healthy and with every target a black hole. Run as root:
//! `cargo run --release -p checkup-tests --example net-bench`. `CHECKUP_BIN=<path>` times
//! another `checkup` build instead, to compare two versions on the same machine.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::time::Instant;

use checkup_tests::net::{Lab, ODD_DNS_IP};

fn time(lab: &Lab, bin: &Path, only: &str, profile: &Path, runs: usize) -> (f64, f64) {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let output = lab.command(bin, only, profile, false).output().unwrap();
            let elapsed = started.elapsed().as_secs_f64() * 1000.0;
            assert!(
                !output.stdout.is_empty(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            elapsed
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[runs / 2], times[runs - 1])
}

fn main() {
    let bin =
        checkup_tests::release_checkup_bin(&["-p", "checkup-tests", "--bin", "checkup-fixture"]);
    let runs = 10;

    let mut lab = Lab::new();
    let profile = lab.profile("", "");
    let (network, network_max) = time(&lab, &bin, "network", &profile, runs);
    let (dns, dns_max) = time(&lab, &bin, "dns", &profile, runs);
    println!(
        "healthy:    network median {network:.0} ms (max {network_max:.0}), dns median {dns:.0} ms (max {dns_max:.0})"
    );

    // Every name server a black hole: the configured one and the references.
    lab.serve_odd_dns("drop", 0);
    lab.set_resolv_conf(&format!("nameserver {ODD_DNS_IP}\n"));
    let dead_references = lab.profile("", &format!("reference_servers = [\"{ODD_DNS_IP}\"]"));
    let (dns, dns_max) = time(&lab, &bin, "dns", &dead_references, runs);
    // Every network target a black hole: the gateway drops all it gets and forwards nothing.
    lab.sh(
        "ip netns exec $G iptables -A INPUT -j DROP\nip netns exec $G iptables -A FORWARD -j DROP",
    );
    let (network, network_max) = time(&lab, &bin, "network", &profile, runs);
    println!(
        "black hole: network median {network:.0} ms (max {network_max:.0}), dns median {dns:.0} ms (max {dns_max:.0})"
    );
}
