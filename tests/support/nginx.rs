//! Real nginx (Debian's package) running `deploy/nginx.conf` as shipped, on a free
//! loopback port, serving `dist/`. Only the deployment path and the `listen` lines are
//! changed for the test.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where deploy/nginx.conf expects the site; replaced by the real `dist/` here.
const DEPLOY_ROOT: &str = "/var/www/cong-thong-tin/dist";
const BROTLI_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

pub struct Nginx {
    pub base: String,
    child: Child,
    dir: PathBuf,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Nginx {
    pub fn start(dist: &Path) -> Nginx {
        Nginx::start_on(dist, free_port())
    }

    /// On a given port (the benchmark builds the site for its address first).
    pub fn start_on(dist: &Path, port: u16) -> Nginx {
        Nginx::start_with(dist, port, None)
    }

    /// With an access log of `path body-bytes-sent` lines (the search benchmark counts
    /// the bytes of every request, a Web Worker's included).
    pub fn start_logged(dist: &Path, log: &Path) -> Nginx {
        Nginx::start_with(dist, free_port(), Some(log))
    }

    fn start_with(dist: &Path, port: u16, log: Option<&Path>) -> Nginx {
        let dist = &dist.canonicalize().expect("the site folder");
        let shipped =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx.conf"))
                .expect("deploy/nginx.conf");
        assert!(
            Path::new(BROTLI_MODULE).exists(),
            "nginx brotli module missing (cargo xtask setup installs libnginx-mod-http-brotli-static)"
        );
        let dir = std::env::temp_dir().join(format!("portal-nginx-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let site = shipped
            .replace(DEPLOY_ROOT, &dist.display().to_string())
            .replace("    listen [::]:80;\n", "")
            .replace("listen 80;", &format!("listen 127.0.0.1:{port};"));
        assert!(
            site.contains(&format!("listen 127.0.0.1:{port};")),
            "deploy/nginx.conf has no `listen 80;`"
        );
        std::fs::write(dir.join("site.conf"), site).unwrap();
        let d = dir.display();
        // As root, nginx would run its workers as `nobody`; keep them as the test's user.
        let user = if is_root() { "user root;\n" } else { "" };
        let access = match log {
            Some(l) => format!(
                "log_format bench '$uri $body_bytes_sent';\n  access_log {} bench;",
                l.display()
            ),
            None => "access_log off;".to_string(),
        };
        let main = format!(
            "{user}worker_processes 1;\ndaemon off;\npid {d}/nginx.pid;\nload_module {BROTLI_MODULE};\n\
             events {{ worker_connections 256; }}\n\
             http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  {access}\n  sendfile on;\n\
             client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
             include {d}/site.conf;\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), main).unwrap();
        // Debian puts it in /usr/sbin, which a non-root PATH may not have.
        let program = ["/usr/sbin/nginx", "/usr/bin/nginx"]
            .into_iter()
            .find(|p| std::path::Path::new(p).is_file())
            .unwrap_or("nginx");
        let child = Command::new(program)
            .args([
                "-e",
                &format!("{d}/error.log"),
                "-p",
                &d.to_string(),
                "-c",
                &format!("{d}/nginx.conf"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx (cargo xtask setup installs Debian's nginx-light)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(10) {
                let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
                panic!("nginx did not start with deploy/nginx.conf:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Nginx {
            base: format!("http://127.0.0.1:{port}"),
            child,
            dir,
        }
    }
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM: the master stops its workers (SIGKILL would leave them serving).
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An HTTP response, read whole.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// GET `path` from `base` (http://127.0.0.1:port) with extra request headers.
pub async fn get(base: &str, path: &str, headers: &[(&str, &str)]) -> Result<Response, String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host)
        .await
        .map_err(|e| format!("connect {host}: {e}"))?;
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream
        .write_all(req.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.map_err(|e| e.to_string())?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of headers")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or("bad status line")?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked"));
    let body = &raw[split + 4..];
    Ok(Response {
        status,
        body: if chunked { dechunk(body)? } else { body.to_vec() },
        headers,
    })
}

/// The body of a `Transfer-Encoding: chunked` response (what nginx sends for a
/// response it compresses as it goes).
fn dechunk(mut raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = raw
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("a chunk without its size line")?;
        let size_text = String::from_utf8_lossy(&raw[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = raw.get(..size).ok_or("a chunk cut short")?;
        out.extend_from_slice(chunk);
        raw = raw.get(size + 2..).ok_or("a chunk without its end")?;
    }
}
