//! A small static file server for the browser tests: serves `dist/` like a plain static
//! host (`dir/` → `dir/index.html`, unknown paths → `404.html` with status 404), logs
//! every request, and can be told to fail a path (an error status, a broken body, or no
//! answer at all) to test the app's recovery. (The deployment tests use real nginx.)

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// How to fail a request.
#[derive(Clone, Debug)]
pub enum Fault {
    Status(u16),
    /// 200 with this body, as JSON.
    Body(&'static str),
    /// Never answer.
    Hang,
    /// Answer as usual, this many milliseconds late.
    Late(u64),
}

#[derive(Default)]
struct State {
    faults: HashMap<String, Fault>,
    log: Vec<String>,
    /// Text replaced in every HTML and JSON answer (e.g. a setting in the site's data).
    rewrites: Vec<(String, String)>,
    /// Files served besides the build: path → (content type, body).
    extra: HashMap<String, (&'static str, Vec<u8>)>,
    /// No signal: every connection is closed unanswered (the browser's fetch fails, the
    /// service worker's too, as on a phone out of coverage).
    down: bool,
}

#[derive(Clone)]
pub struct Server {
    pub base: String,
    state: Arc<Mutex<State>>,
}

impl Server {
    pub async fn start(root: PathBuf) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let root = root.clone();
                let state = shared.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, &root, &state).await;
                });
            }
        });
        Server { base, state }
    }

    pub fn fail(&self, path: &str, fault: Fault) {
        self.state.lock().unwrap().faults.insert(path.to_string(), fault);
    }

    pub fn heal(&self) {
        self.state.lock().unwrap().faults.clear();
    }

    /// Back to serving the build as it is.
    pub fn reset(&self) {
        let mut s = self.state.lock().unwrap();
        s.faults.clear();
        s.rewrites.clear();
        s.extra.clear();
        s.log.clear();
        s.down = false;
    }

    /// Out of coverage (`true`) or back (`false`).
    pub fn set_down(&self, down: bool) {
        self.state.lock().unwrap().down = down;
    }

    pub fn rewrite(&self, from: &str, to: &str) {
        self.state
            .lock()
            .unwrap()
            .rewrites
            .push((from.to_string(), to.to_string()));
    }

    pub fn add_file(&self, path: &str, content_type: &'static str, body: &[u8]) {
        self.state
            .lock()
            .unwrap()
            .extra
            .insert(path.to_string(), (content_type, body.to_vec()));
    }

    /// How many requests for `path` the server has seen.
    pub fn hits(&self, path: &str) -> usize {
        self.state
            .lock()
            .unwrap()
            .log
            .iter()
            .filter(|p| *p == path)
            .count()
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

async fn serve(stream: TcpStream, root: &Path, state: &Mutex<State>) -> std::io::Result<()> {
    let mut stream = BufReader::new(stream);
    let mut request_line = String::new();
    stream.read_line(&mut request_line).await?;
    loop {
        let mut line = String::new();
        if stream.read_line(&mut line).await? == 0 || line == "\r\n" {
            break;
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
    let (fault, extra, rewrites) = {
        let mut s = state.lock().unwrap();
        if s.down {
            return Ok(());
        }
        s.log.push(path.clone());
        (
            s.faults.get(&path).cloned(),
            s.extra.get(&path).cloned(),
            s.rewrites.clone(),
        )
    };
    if let Some(Fault::Late(ms)) = fault {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let (status, ctype, body): (u16, &str, Vec<u8>) = match fault {
        Some(Fault::Hang) => {
            tokio::time::sleep(Duration::from_secs(120)).await;
            return Ok(());
        }
        Some(Fault::Status(code)) => (code, "text/plain; charset=utf-8", b"server error".to_vec()),
        Some(Fault::Body(b)) => (200, "application/json", b.as_bytes().to_vec()),
        None | Some(Fault::Late(_)) if extra.is_some() => {
            let (ctype, body) = extra.unwrap();
            (200, ctype, body)
        }
        None | Some(Fault::Late(_)) => {
            let rel = path.trim_start_matches('/');
            let mut file = root.join(rel);
            if path.ends_with('/') {
                file = file.join("index.html");
            }
            let safe = !rel.split('/').any(|p| p == "..");
            match tokio::fs::read(&file).await {
                Ok(bytes) if safe => (200, content_type(&file), bytes),
                _ => match tokio::fs::read(root.join("404.html")).await {
                    Ok(page) => (404, "text/html; charset=utf-8", page),
                    Err(_) => (404, "text/plain; charset=utf-8", b"not found".to_vec()),
                },
            }
        }
    };
    let body = if rewrites.is_empty() || !(ctype.starts_with("text/html") || ctype == "application/json") {
        body
    } else {
        let mut text = String::from_utf8_lossy(&body).into_owned();
        for (from, to) in &rewrites {
            text = text.replace(from.as_str(), to.as_str());
        }
        text.into_bytes()
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut stream = stream.into_inner();
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(&body).await?;
    stream.shutdown().await
}
