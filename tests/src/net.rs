//! Real networks for the network and DNS tests, made of network namespaces:
//!
//! ```text
//! client (10.77.0.2) ── gateway (10.77.0.1 | 10.78.0.1, forwarding, dnsmasq) ── internet (10.78.0.2)
//! ```
//!
//! The "internet" namespace holds the public-looking hosts on its loopback: an internet host
//! to probe (203.0.113.1), web servers (198.51.100.x: plain HTTP, TLS with a test CA, an
//! expired certificate, an unknown issuer) and a reference name server (198.51.100.53).
//! `checkup` runs in the client namespace, where `ip netns exec` puts the lab's own
//! `resolv.conf` and `hosts` over the machine's. Every process is ended by PID and every
//! namespace deleted when the lab is dropped, even when a test fails.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const CLIENT_IP: &str = "10.77.0.2";
pub const GATEWAY_IP: &str = "10.77.0.1";
/// A second address on the gateway for a misbehaving name server.
pub const ODD_DNS_IP: &str = "10.77.0.53";
pub const INTERNET_HOST: &str = "203.0.113.1";
/// The internet host's IPv6 address, reachable once `Lab::add_ipv6` has run.
pub const INTERNET_HOST_V6: &str = "2001:db8::1";
pub const WEB_IP: &str = "198.51.100.1";
pub const EXPIRED_IP: &str = "198.51.100.2";
pub const ROGUE_IP: &str = "198.51.100.3";
pub const REFERENCE_DNS_IP: &str = "198.51.100.53";

/// Names the lab's name servers know.
pub const NAMES: &[(&str, &str)] = &[
    ("www.site.test", WEB_IP),
    ("secure.test", WEB_IP),
    ("expired.test", EXPIRED_IP),
    ("rogue.test", ROGUE_IP),
];

/// Checkup's built-in names, which only the lab's reference server knows (pointing inside the
/// lab): they exist, so a name server that denies them filters them.
pub const BUILTIN_NAMES: &[&str] = &["www.google.com", "www.microsoft.com"];

/// The fixture program (`tests/src/bin/checkup-fixture.rs`).
pub fn fixture_bin() -> PathBuf {
    // Beside the running test or example: `target/<profile>/{deps,examples}/..`.
    let exe = std::env::current_exe().unwrap_or_default();
    let mut dir = exe.parent().map(Path::to_path_buf).unwrap_or_default();
    if dir.ends_with("deps") || dir.ends_with("examples") {
        dir.pop();
    }
    let path = dir.join("checkup-fixture");
    assert!(path.is_file(), "{} is missing", path.display());
    path
}

/// Runs a command and fails the test with its output when it fails.
pub fn run(program: &str, args: &[&str]) -> Output {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

pub struct Lab {
    pub client: String,
    pub gateway: String,
    pub internet: String,
    pub dir: tempfile::TempDir,
    children: Vec<Child>,
    netns_dir: PathBuf,
}

impl std::fmt::Debug for Lab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lab")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

impl Default for Lab {
    fn default() -> Lab {
        Lab::new()
    }
}

impl Lab {
    /// Builds the three namespaces and starts the name servers and web servers.
    pub fn new() -> Lab {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let base = format!("ckn{}x{n}", std::process::id());
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        // Readable by the unprivileged user some tests run as.
        let _ = std::fs::set_permissions(
            dir.path(),
            std::os::unix::fs::PermissionsExt::from_mode(0o755),
        );
        let mut lab = Lab {
            client: format!("{base}c"),
            gateway: format!("{base}g"),
            internet: format!("{base}i"),
            netns_dir: PathBuf::from("/etc/netns").join(format!("{base}c")),
            dir,
            children: Vec::new(),
        };
        lab.build();
        lab
    }

    fn build(&mut self) {
        let (c, g, i) = (
            self.client.clone(),
            self.gateway.clone(),
            self.internet.clone(),
        );
        for ns in [&c, &g, &i] {
            run("ip", &["netns", "add", ns]);
        }
        run(
            "ip",
            &[
                "link", "add", "c0", "netns", &c, "type", "veth", "peer", "name", "g0", "netns", &g,
            ],
        );
        run(
            "ip",
            &[
                "link", "add", "g1", "netns", &g, "type", "veth", "peer", "name", "i0", "netns", &i,
            ],
        );
        let script = format!(
            "set -e
            ip -n {c} link set lo up; ip -n {g} link set lo up; ip -n {i} link set lo up
            ip -n {c} addr add {CLIENT_IP}/24 dev c0; ip -n {c} link set c0 up
            ip -n {g} addr add {GATEWAY_IP}/24 dev g0; ip -n {g} addr add {ODD_DNS_IP}/24 dev g0; ip -n {g} link set g0 up
            ip -n {g} addr add 10.78.0.1/24 dev g1; ip -n {g} link set g1 up
            ip -n {i} addr add 10.78.0.2/24 dev i0; ip -n {i} link set i0 up
            ip -n {c} route add default via {GATEWAY_IP}
            ip -n {g} route add default via 10.78.0.2
            ip -n {i} route add 10.77.0.0/24 via 10.78.0.1
            for a in {INTERNET_HOST} {WEB_IP} {EXPIRED_IP} {ROGUE_IP} {REFERENCE_DNS_IP}; do ip -n {i} addr add $a/32 dev lo; done
            ip netns exec {g} sysctl -qw net.ipv4.ip_forward=1"
        );
        run("sh", &["-c", &script]);
        std::fs::create_dir_all(&self.netns_dir).unwrap_or_else(|e| panic!("{e}"));
        self.set_resolv_conf(&format!("nameserver {GATEWAY_IP}\n"));
        self.set_hosts("127.0.0.1 localhost\n");

        let addresses: Vec<String> = NAMES
            .iter()
            .map(|(name, ip)| format!("--address=/{name}/{ip}"))
            .collect();
        let builtin: Vec<String> = BUILTIN_NAMES
            .iter()
            .map(|name| format!("--address=/{name}/{WEB_IP}"))
            .collect();
        let mut dnsmasq = |ns: &str, ip: &str, extra: &[String]| {
            let mut args = vec![
                "netns",
                "exec",
                ns,
                "dnsmasq",
                "--no-daemon",
                "--conf-file=/dev/null",
                "--no-resolv",
                "--no-hosts",
                "--bind-interfaces",
                "--local=/test/",
                "--user=root",
                "--pid-file=",
            ];
            let listen = format!("--listen-address={ip}");
            args.push(&listen);
            args.extend(addresses.iter().map(String::as_str));
            args.extend(extra.iter().map(String::as_str));
            let child = Command::new("ip")
                .args(&args)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("dnsmasq: {e}"));
            self.children.push(child);
            wait_listening(ns, "udp", ip, 53);
        };
        dnsmasq(&g, GATEWAY_IP, &[]);
        dnsmasq(&i, REFERENCE_DNS_IP, &builtin);

        self.serve_http(WEB_IP, "204");
        self.make_certificates();
        let dir = self.dir.path().to_owned();
        for (ip, name) in [
            (WEB_IP, "secure"),
            (EXPIRED_IP, "expired"),
            (ROGUE_IP, "rogue"),
        ] {
            let cert = dir.join(format!("{name}.pem"));
            let key = dir.join(format!("{name}.key"));
            let accept = format!("{ip}:443");
            let child = Command::new("ip")
                .args([
                    "netns", "exec", &i, "openssl", "s_server", "-quiet", "-www", "-accept",
                    &accept,
                ])
                .arg("-cert")
                .arg(&cert)
                .arg("-key")
                .arg(&key)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("openssl s_server: {e}"));
            self.children.push(child);
            wait_listening(&i, "tcp", ip, 443);
        }
    }

    /// A test CA, a certificate for `secure.test` it signed, an expired one for
    /// `expired.test` (made with the clock turned back) and one for `rogue.test` signed by a CA
    /// nobody trusts, as an intercepting proxy would.
    fn make_certificates(&self) {
        let dir = self.dir.path().display().to_string();
        let script = format!(
            "set -e; cd {dir}
            ec='-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes'
            ca() {{
              openssl req -x509 $ec -keyout $1.key -out $1.pem -days 30 -subj \"/CN=$2\" \
                -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
            }}
            leaf() {{
              printf 'subjectAltName=DNS:%s\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' $2 > $1.ext
              openssl req $ec -keyout $1.key -out $1.csr -subj /CN=$2 2>/dev/null
              $3 openssl x509 -req -in $1.csr -CA $4.pem -CAkey $4.key -CAcreateserial -out $1.pem -days 30 -extfile $1.ext 2>/dev/null
            }}
            ca ca 'Checkup Test CA'
            ca interceptor 'Interception Proxy CA'
            leaf secure secure.test '' ca
            faketime -f -400d true
            leaf expired expired.test 'faketime -f -400d' ca
            leaf rogue rogue.test '' interceptor
            chmod 644 *"
        );
        run("sh", &["-c", &script]);
    }

    /// The CA bundle `checkup` should trust (`SSL_CERT_FILE`).
    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// Starts a fixture HTTP server on port 80 of `ip` in the internet namespace.
    pub fn serve_http(&mut self, ip: &str, mode: &str) {
        let ns = self.internet.clone();
        if ip != WEB_IP && ip != EXPIRED_IP && ip != ROGUE_IP {
            let _ = Command::new("ip")
                .args(["-n", &ns, "addr", "add", &format!("{ip}/32"), "dev", "lo"])
                .output();
        }
        self.spawn_fixture(&ns, &["http", &format!("{ip}:80"), mode]);
    }

    /// Starts the misbehaving name server on the gateway's second address.
    pub fn serve_odd_dns(&mut self, mode: &str, delay_ms: u64) {
        self.serve_odd_dns_with(mode, delay_ms, NAMES);
    }

    /// The misbehaving name server, knowing only `names` (name, address).
    pub fn serve_odd_dns_with(&mut self, mode: &str, delay_ms: u64, names: &[(&str, &str)]) {
        let ns = self.gateway.clone();
        let mut args = vec![
            "dns".to_owned(),
            format!("{ODD_DNS_IP}:53"),
            mode.to_owned(),
            delay_ms.to_string(),
        ];
        args.extend(names.iter().map(|(name, ip)| format!("{name}={ip}")));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.spawn_fixture(&ns, &args);
    }

    /// Name lookups sent to the reference server are caught by the gateway and answered by
    /// the misbehaving name server, as an intercepting network does.
    pub fn intercept_reference_dns(&self) {
        self.sh(&format!(
            "ip netns exec $G iptables -t nat -A PREROUTING -i g0 -p udp --dport 53 -d {REFERENCE_DNS_IP} -j DNAT --to-destination {ODD_DNS_IP}
            ip netns exec $G iptables -t nat -A PREROUTING -i g0 -p tcp --dport 53 -d {REFERENCE_DNS_IP} -j DNAT --to-destination {ODD_DNS_IP}"
        ));
    }

    /// Every TCP connection from the client to the internet side is accepted at once by a
    /// middlebox on the gateway, which never reaches the real host.
    pub fn intercept_tcp(&mut self) {
        let gateway = self.gateway.clone();
        self.spawn_fixture(&gateway, &["http", &format!("{GATEWAY_IP}:9999"), "204"]);
        self.sh("ip netns exec $G iptables -t nat -A PREROUTING -i g0 -p tcp ! -d 10.77.0.0/24 -j REDIRECT --to-ports 9999");
    }

    /// Starts a fixture and waits for its `ready` line.
    pub fn spawn_fixture(&mut self, ns: &str, args: &[&str]) {
        use std::io::BufRead;
        let mut child = Command::new("ip")
            .args(["netns", "exec", ns])
            .arg(fixture_bin())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("fixture: {e}"));
        let stdout = child.stdout.take();
        self.children.push(child);
        let mut line = String::new();
        if let Some(stdout) = stdout {
            let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        }
        assert_eq!(line.trim(), "ready", "fixture {args:?} did not start");
    }

    pub fn set_resolv_conf(&self, text: &str) {
        std::fs::write(self.netns_dir.join("resolv.conf"), text).unwrap_or_else(|e| panic!("{e}"));
    }

    pub fn set_hosts(&self, text: &str) {
        std::fs::write(self.netns_dir.join("hosts"), text).unwrap_or_else(|e| panic!("{e}"));
    }

    /// Makes the lab dual-stack with a global IPv6 address on the client (from the
    /// documentation range: it reaches "public" IPv6 hosts): addresses on both links (no
    /// duplicate address detection, so they are usable at once), default routes, forwarding
    /// on the gateway, and `INTERNET_HOST_V6` on the internet side.
    pub fn add_ipv6(&self) {
        self.add_ipv6_prefix("2001:db8:77::", "2001:db8:78::");
    }

    /// Dual-stack with only unique-local IPv6 addresses (`fd77::/64` on the client's link), as
    /// on many company networks: public IPv6 hosts cannot be reached from them.
    pub fn add_ipv6_unique_local(&self) {
        self.add_ipv6_prefix("fd77::", "fd78::");
    }

    fn add_ipv6_prefix(&self, client_net: &str, uplink_net: &str) {
        self.sh(&format!(
            "ip -n $C addr add {client_net}2/64 dev c0 nodad
            ip -n $G addr add {client_net}1/64 dev g0 nodad
            ip -n $G addr add {uplink_net}1/64 dev g1 nodad
            ip -n $I addr add {uplink_net}2/64 dev i0 nodad
            ip -n $I addr add {INTERNET_HOST_V6}/128 dev lo
            ip netns exec $G sysctl -qw net.ipv6.conf.all.forwarding=1
            ip -n $C -6 route add default via {client_net}1
            ip -n $G -6 route add default via {uplink_net}2
            ip -n $I -6 route add {client_net}/64 via {uplink_net}1"
        ));
        // The kernel holds IPv6 traffic on a link until its link-local address has passed
        // duplicate address detection (about a second after the link came up).
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let tentative = [&self.client, &self.gateway, &self.internet]
                .iter()
                .any(|ns| {
                    Command::new("ip")
                        .args(["-n", ns, "-6", "addr", "show", "tentative"])
                        .output()
                        .map_or(true, |o| !o.stdout.is_empty())
                });
            if !tentative {
                break;
            }
            assert!(Instant::now() < deadline, "IPv6 addresses stayed tentative");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs a shell script with `$C`, `$G` and `$I` naming the three namespaces.
    pub fn sh(&self, script: &str) {
        let output = Command::new("sh")
            .args(["-c", &format!("set -e\n{script}")])
            .env("C", &self.client)
            .env("G", &self.gateway)
            .env("I", &self.internet)
            .output()
            .unwrap_or_else(|e| panic!("sh: {e}"));
        assert!(
            output.status.success(),
            "{script} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Writes a profile pointing every target at the lab, with extra TOML appended per section.
    pub fn profile(&self, network_extra: &str, dns_extra: &str) -> PathBuf {
        let path = self.dir.path().join(format!(
            "profile-{}.toml",
            Instant::now().elapsed().as_nanos()
        ));
        // A key given in the extras replaces the lab's default for it.
        let defaults = |extra: &str, pairs: &[(&str, String)]| -> String {
            pairs
                .iter()
                .filter(|(key, _)| {
                    !extra
                        .lines()
                        .any(|l| l.trim_start().starts_with(&format!("{key} ")))
                })
                .map(|(key, value)| format!("{key} = {value}\n"))
                .collect()
        };
        let network = defaults(
            network_extra,
            &[
                ("internet_hosts", format!("[\"{INTERNET_HOST}\"]")),
                (
                    "connectivity_url",
                    format!("\"http://{WEB_IP}/generate_204\""),
                ),
                ("https_urls", "[\"https://secure.test/\"]".to_owned()),
            ],
        );
        let dns = defaults(
            dns_extra,
            &[
                ("names", "[\"www.site.test\", \"secure.test\"]".to_owned()),
                ("reference_servers", format!("[\"{REFERENCE_DNS_IP}\"]")),
                ("hijack_domain", "\"hijack.test\"".to_owned()),
            ],
        );
        let text = format!("[network]\n{network}{network_extra}\n[dns]\n{dns}{dns_extra}\n");
        let path = unique(path);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        let _ =
            std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o644));
        path
    }

    /// Runs `checkup run --format json --only ONLY` in the client namespace, as root or as
    /// an ordinary user (nobody).
    pub fn checkup(&self, only: &str, profile: &Path, unprivileged: bool) -> Output {
        self.command(&crate::checkup_bin(), only, profile, unprivileged)
            .output()
            .unwrap_or_else(|e| panic!("checkup: {e}"))
    }

    /// The command `checkup` runs as, for a given binary (benchmarks use a release build).
    /// An empty `only` is a full run.
    pub fn command(&self, bin: &Path, only: &str, profile: &Path, unprivileged: bool) -> Command {
        self.command_in(bin, only, profile, unprivileged, false)
    }

    /// Like [`Lab::command`]; with `no_print_service`, in a private mount namespace where the
    /// local print service's socket folders are empty, so no print service runs for it.
    pub fn command_in(
        &self,
        bin: &Path,
        only: &str,
        profile: &Path,
        unprivileged: bool,
        no_print_service: bool,
    ) -> Command {
        let mut command = Command::new("timeout");
        command.arg("60");
        if no_print_service {
            command.args([
                "unshare",
                "-m",
                "sh",
                "-c",
                "for d in /run/cups /var/run/cups; do [ -d \"$d\" ] && mount -t tmpfs none \"$d\"; done; exec \"$@\"",
                "sh",
            ]);
        }
        command.args(["ip", "netns", "exec", &self.client]);
        if unprivileged {
            command.args([
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--",
            ]);
        }
        command.arg(bin).args(["run", "--format", "json"]);
        if !only.is_empty() {
            command.args(["--only", only]);
        }
        command
            .arg("--profile")
            .arg(profile)
            .env_remove("CHECKUP_PROFILE")
            .env_remove("CHECKUP_LOG")
            .env_remove("http_proxy")
            .env_remove("https_proxy")
            .env_remove("HTTP_PROXY")
            .env_remove("HTTPS_PROXY")
            .env_remove("all_proxy")
            .env_remove("ALL_PROXY")
            .env_remove("CUPS_SERVER")
            .env_remove("CUPS_SERVERROOT")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", crate::fresh_data_home())
            .env("SSL_CERT_FILE", self.ca_file())
            .stdin(Stdio::null());
        command
    }
}

fn unique(path: PathBuf) -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!("profile-{n}.toml"))
}

/// Waits until something listens on `ip:port` inside `ns` (5 s at most).
pub fn wait_listening(ns: &str, proto: &str, ip: &str, port: u16) {
    let flag = if proto == "udp" { "-Hlun" } else { "-Hltn" };
    let wanted = format!("{ip}:{port}");
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(output) = Command::new("ip")
            .args(["netns", "exec", ns, "ss", flag])
            .output()
            && String::from_utf8_lossy(&output.stdout).contains(&wanted)
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("nothing listens on {proto} {wanted} in {ns}");
}

impl Drop for Lab {
    fn drop(&mut self) {
        for child in &mut self.children {
            crate::stop(child);
        }
        for ns in [&self.client, &self.gateway, &self.internet] {
            let _ = Command::new("ip").args(["netns", "del", ns]).output();
        }
        let _ = std::fs::remove_dir_all(&self.netns_dir);
    }
}
