//! Small servers the network and DNS tests run inside their namespaces:
//!
//! - `http ADDR MODE`: `204` (empty 204), `redirect` (302 to a sign-in page),
//!   `redirect-file` (302 to a `file:` address, as a hostile network might), `page` (200
//!   with a page), `skew=SECONDS` (204 with a `Date` that far off), `slow=MS` (204 after MS),
//!   `proxy-auth` (a proxy that answers every request, `CONNECT` too, with 407).
//! - `dns ADDR MODE [DELAY_MS] [NAME=IP]...`: `normal` (the listed names, NXDOMAIN for the
//!   rest), `drop`, `servfail`, `refused`, `all=IP` (every name gets IP), each after DELAY_MS.
//! - `delay QUEUE MS`: holds every packet of an NFQUEUE queue for MS before letting it go.
//!
//! Each prints `ready` on stdout once it listens, and runs until it is killed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, bail};
use hickory_proto::op::{Message, MessageType, ResponseCode};
use hickory_proto::rr::{RData, Record, RecordType, rdata};

fn ready() {
    println!("ready");
    let _ = std::io::stdout().flush();
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("http") => http(args.get(1).context("ADDR")?, args.get(2).context("MODE")?),
        Some("dns") => dns(&args[1..]),
        Some("delay") => delay(
            args.get(1).context("QUEUE")?.parse()?,
            Duration::from_millis(args.get(2).context("MS")?.parse()?),
        ),
        Some("history") => history(
            Path::new(args.get(1).context("DB")?),
            Path::new(args.get(2).context("FACTS")?),
            args.get(3).context("COUNT")?.parse()?,
        ),
        _ => bail!("usage: checkup-fixture http|dns|delay|history ..."),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn http(addr: &str, mode: &str) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready();
    let mode = mode.to_owned();
    loop {
        let (mut stream, _) = listener.accept().await?;
        let mode = mode.clone();
        tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let mut request = Vec::new();
            let mut buf = [0u8; 2048];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let mut date = SystemTime::now();
            let response = match mode.split_once('=') {
                Some(("skew", seconds)) => {
                    let seconds: i64 = seconds.parse().unwrap_or(0);
                    date = if seconds >= 0 {
                        date + Duration::from_secs(seconds.unsigned_abs())
                    } else {
                        date - Duration::from_secs(seconds.unsigned_abs())
                    };
                    "HTTP/1.1 204 No Content\r\n".to_owned()
                }
                Some(("slow", ms)) => {
                    tokio::time::sleep(Duration::from_millis(ms.parse().unwrap_or(0))).await;
                    "HTTP/1.1 204 No Content\r\n".to_owned()
                }
                _ => match mode.as_str() {
                    "proxy-auth" => "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"lab\"\r\nContent-Length: 0\r\n".to_owned(),
                    "redirect" => "HTTP/1.1 302 Found\r\nLocation: http://login.portal.test/accept\r\nContent-Length: 0\r\n".to_owned(),
                    "redirect-file" => "HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\nContent-Length: 0\r\n".to_owned(),
                    "page" => {
                        let body = "<html><body>Welcome! Please accept the terms.</body></html>";
                        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{body}", body.len())
                    }
                    _ => "HTTP/1.1 204 No Content\r\n".to_owned(),
                },
            };
            let (head, body) = match response.split_once("\r\n\r\n") {
                Some((head, body)) => (head.to_owned() + "\r\n", body.to_owned()),
                None => (response, String::new()),
            };
            let text = format!(
                "{head}Date: {}\r\nConnection: close\r\n\r\n{body}",
                httpdate::fmt_http_date(date)
            );
            let _ = stream.write_all(text.as_bytes()).await;
            let _ = stream.shutdown().await;
        });
    }
}

#[tokio::main(flavor = "current_thread")]
async fn dns(args: &[String]) -> Result<()> {
    let addr: SocketAddr = args.first().context("ADDR")?.parse()?;
    let mode = args.get(1).context("MODE")?.clone();
    let delay = Duration::from_millis(args.get(2).map_or(Ok(0), |d| d.parse())?);
    let zone: HashMap<String, IpAddr> = args
        .iter()
        .skip(3)
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, ip)| Ok((name.trim_end_matches('.').to_ascii_lowercase(), ip.parse()?)))
        .collect::<Result<_>>()?;
    let socket = std::sync::Arc::new(tokio::net::UdpSocket::bind(addr).await?);
    // Like a real server, it listens on TCP too: connections are held, never answered.
    let tcp = tokio::net::TcpListener::bind(addr).await?;
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = tcp.accept().await {
            held.push(stream);
        }
    });
    ready();
    let mut buf = vec![0u8; 4096];
    loop {
        let (n, from) = socket.recv_from(&mut buf).await?;
        let Ok(query) = Message::from_vec(&buf[..n]) else {
            continue;
        };
        if mode == "drop" {
            continue;
        }
        let mut reply = Message::response(query.metadata.id, query.metadata.op_code);
        reply.metadata.message_type = MessageType::Response;
        reply.metadata.recursion_desired = query.metadata.recursion_desired;
        reply.metadata.recursion_available = true;
        for q in &query.queries {
            reply.add_query(q.clone());
        }
        let question = query.queries.first();
        let name = question
            .map(|q| {
                q.name()
                    .to_ascii()
                    .trim_end_matches('.')
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        let qtype = question.map(|q| q.query_type());
        let answer_ip: Option<IpAddr> = match mode.split_once('=') {
            Some(("all", ip)) => Some(ip.parse()?),
            _ => zone.get(&name).copied(),
        };
        reply.metadata.response_code = match mode.as_str() {
            "servfail" => ResponseCode::ServFail,
            "refused" => ResponseCode::Refused,
            _ if answer_ip.is_some() => ResponseCode::NoError,
            _ => ResponseCode::NXDomain,
        };
        if reply.metadata.response_code == ResponseCode::NoError
            && let (Some(IpAddr::V4(v4)), Some(RecordType::A), Some(q)) =
                (answer_ip, qtype, question)
        {
            reply.add_answer(Record::from_rdata(
                q.name().clone(),
                60,
                RData::A(rdata::A(v4)),
            ));
        }
        let bytes = reply.to_vec()?;
        let socket = socket.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            let _ = socket.send_to(&bytes, from).await;
        });
    }
}

fn delay(queue_num: u16, hold: Duration) -> Result<()> {
    let mut queue = nfq::Queue::open()?;
    queue.bind(queue_num)?;
    queue.set_nonblocking(true);
    ready();
    let mut held: VecDeque<(Instant, nfq::Message)> = VecDeque::new();
    loop {
        loop {
            match queue.recv() {
                Ok(mut message) => {
                    message.set_verdict(nfq::Verdict::Accept);
                    held.push_back((Instant::now() + hold, message));
                }
                Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(error) => return Err(error.into()),
            }
        }
        while held.front().is_some_and(|(due, _)| *due <= Instant::now()) {
            if let Some((_, message)) = held.pop_front() {
                queue.verdict(message)?;
            }
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Stores COUNT runs in the history at DB, each opened, written and closed as a `checkup`
/// process does: the run is a replay of the recorded FACTS, with a reference of its own.
fn history(db: &Path, facts: &Path, count: usize) -> Result<()> {
    let set = checks::FactSet::parse(&std::fs::read_to_string(facts)?)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let replayed = runtime.block_on(checks::replay(&set))?;
    let report = checks::build_report(&replayed.plan, replayed.result);
    ready();
    for n in 0..count {
        let mut report = report.clone();
        report.reference = checks::reference_code();
        let remembered = checks::remember(
            &mut report,
            Some(&set),
            &checks::Profile::default().history,
            Some(db),
        );
        if !remembered.saved {
            bail!("run {n} was not saved: {:?}", remembered.problem);
        }
    }
    Ok(())
}
