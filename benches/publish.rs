//! `cargo xtask bench-publish [N]`: "Xuất bản" in the newsroom, from the click to the
//! article being served, on the sample site and on N generated articles (default
//! 10,000). Target (issue 11): ≤ 3 s on both.
//!
//! The real `newsroom` server (the `tools` build, as deployed) runs on a copy of the
//! content, with the release app shell, building into a folder nginx serves, with
//! precompressed copies as in production. The benchmark signs in over HTTP as the first
//! administrator, writes an article, then times the "Xuất bản ngay" request until
//! nginx answers 200 for the new article's page; then an edit of that article until
//! nginx serves the new title. Each `PORTAL_BENCH_RUNS` times (default 3); medians.
//! The baseline, measured in the same run on the same folders: a full build of the
//! same content by a new `portal-build` process (what publishing cost before the
//! builder that stays); the ratio is printed.

#[path = "../tests/support/nginx.rs"]
#[allow(dead_code)]
mod nginx;

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

type R<T = ()> = Result<T, String>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A signed-in officer's HTTP client: keeps the cookies, sends forms from the
/// newsroom's own origin.
struct Officer {
    base: String,
    client: Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
    cookies: HashMap<String, String>,
}

struct Answer {
    status: u16,
    location: String,
    body: String,
}

impl Officer {
    async fn send(&mut self, method: &str, path: &str, form: Option<&[(&str, &str)]>) -> R<Answer> {
        let cookie: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let mut req = http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header("cookie", cookie.join("; "));
        let body = match form {
            Some(fields) => {
                req = req
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("origin", &self.base);
                let pairs: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{k}={}",
                            url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
                        )
                    })
                    .collect();
                pairs.join("&")
            }
            None => String::new(),
        };
        let req = req
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| e.to_string())?;
        let res = self
            .client
            .request(req)
            .await
            .map_err(|e| format!("{method} {path}: {e}"))?;
        for c in res.headers().get_all("set-cookie") {
            let c = cookie::Cookie::parse(c.to_str().unwrap_or_default().to_string())
                .map_err(|e| e.to_string())?;
            self.cookies.insert(c.name().to_string(), c.value().to_string());
        }
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let body = res
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok(Answer {
            status,
            location,
            body: String::from_utf8_lossy(&body).into_owned(),
        })
    }

    /// Posts the form of page `page` (its token and `base` added) to `to`.
    async fn post(&mut self, page: &str, to: &str, fields: &[(&str, &str)]) -> R<Answer> {
        let html = self.send("GET", page, None).await?.body;
        let value = |name: &str| {
            let key = format!(r#"name="{name}" value=""#);
            html.find(&key)
                .map(|at| {
                    html[at + key.len()..]
                        .split('"')
                        .next()
                        .unwrap_or_default()
                        .to_string()
                })
                .unwrap_or_default()
        };
        let (csrf, base) = (value("csrf"), value("base"));
        let mut all = vec![("csrf", csrf.as_str()), ("base", base.as_str())];
        all.extend_from_slice(fields);
        self.send("POST", to, Some(&all)).await
    }
}

/// The newsroom server, started on `content` and `out`; its one-time password.
fn start_newsroom(work: &Path, content: &Path, out: &Path, port: u16) -> R<(Child, String)> {
    let bin = root().join("target/tools/newsroom");
    let mut child = Command::new(&bin)
        .arg("--data")
        .arg(work.join("data"))
        .arg("--content")
        .arg(content)
        .arg("--shell")
        .arg(root().join("target/shell"))
        .arg("--out")
        .arg(out)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("{}: {e} (cargo xtask bench-publish builds it)", bin.display()))?;
    let mut password = None;
    let mut lines = std::io::BufReader::new(child.stdout.take().expect("piped")).lines();
    for line in lines.by_ref().map_while(Result::ok) {
        if let Some(p) = line.trim().strip_prefix("Mật khẩu dùng một lần: ") {
            password = Some(p.to_string());
        }
        if line.contains("Đã dựng trang") {
            println!("  {line}");
            break;
        }
    }
    // What it prints later is read, so that it never waits on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let password = password.ok_or("the newsroom printed no one-time password")?;
    Ok((child, password))
}

async fn wait_served(site: &str, path: &str, text: &str, since: Instant) -> R<Duration> {
    loop {
        if let Ok(r) = nginx::get(site, path, &[]).await {
            if r.status == 200 && r.text().contains(text) {
                return Ok(since.elapsed());
            }
        }
        if since.elapsed() > Duration::from_secs(120) {
            return Err(format!("{path} not served with “{text}” after 120 s"));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

async fn measure(name: &str, content: &Path, runs: usize) -> R {
    let work = content.parent().expect("inside a work folder").to_path_buf();
    let out = work.join("site");
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(work.join("data"));
    // Baseline: the same site built whole by a new process, as before the newsroom.
    let started = Instant::now();
    let full = Command::new(root().join("target/tools/portal-build"))
        .arg("--content")
        .arg(content)
        .arg("--shell")
        .arg(root().join("target/shell"))
        .arg("--out")
        .arg(work.join("full"))
        .output()
        .map_err(|e| e.to_string())?;
    if !full.status.success() {
        return Err(String::from_utf8_lossy(&full.stderr).into_owned());
    }
    let full = started.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(work.join("full"));

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let (mut server, password) = start_newsroom(&work, content, &out, port)?;
    let nginx = nginx::Nginx::start(&out);
    let result = async {
        let mut o = Officer {
            base: format!("http://127.0.0.1:{port}"),
            client: Client::builder(TokioExecutor::new()).build_http(),
            cookies: HashMap::new(),
        };
        o.post("/dang-nhap", "/dang-nhap", &[("name", "quantri"), ("password", &password)]).await?;
        o.post("/mat-khau", "/mat-khau", &[("current", &password), ("new", "mật khẩu đo hiệu năng")]).await?;
        let (mut added, mut edited) = (Vec::new(), Vec::new());
        for run in 0..runs {
            let title = format!("Tin đo thời gian xuất bản số {run}");
            let body = "Nội dung bài viết để đo thời gian từ lúc bấm “Xuất bản” đến khi người dân đọc được.\n\n- Một là, nhanh.\n- Hai là, an toàn.\n";
            // The site's first section, as the form offers it.
            let html = o.send("GET", "/bai-viet/moi", None).await?.body;
            let section = html
                .match_indices(r#"<option value=""#)
                .nth(1)
                .map(|(i, m)| html[i + m.len()..].split('"').next().unwrap_or_default().to_string())
                .ok_or("no section in the form")?;
            let mut fields = vec![
                ("title", title.as_str()),
                ("category", section.as_str()),
                ("summary", "Bài đo hiệu năng."),
                ("body", body),
            ];
            let made = o.post("/bai-viet/moi", "/bai-viet/moi", &fields).await?;
            if made.status != 303 {
                return Err(format!("saving failed ({}): {}", made.status, made.body));
            }
            let id = made.location.trim_start_matches("/bai-viet/").split('?').next().unwrap_or_default().to_string();
            let page = format!("/bai-viet/{id}");
            let public = format!("/bai-viet/{id}/");
            let clicked = Instant::now();
            let published = o.post(&page, &format!("{page}/xuat-ban"), &[]).await?;
            if published.status != 303 {
                return Err(format!("publishing failed ({}): {}", published.status, published.body));
            }
            added.push(wait_served(&nginx.base, &public, &title, clicked).await?.as_secs_f64());
            let new_title = format!("{title} (đã sửa)");
            fields[0] = ("title", new_title.as_str());
            o.post(&page, &page, &fields).await?;
            let clicked = Instant::now();
            o.post(&page, &format!("{page}/xuat-ban"), &[]).await?;
            edited.push(wait_served(&nginx.base, &public, &new_title, clicked).await?.as_secs_f64());
        }
        Ok((median(added), median(edited)))
    }
    .await;
    let _ = server.kill();
    let _ = server.wait();
    let (added, edited) = result?;
    println!(
        "{name}: Xuất bản → served: new article {added:.2} s, edited article {edited:.2} s (target ≤ 3 s); \
         full build by a new process {full:.2} s; ratio new/full {:.3}, edited/full {:.3}",
        added / full,
        edited / full
    );
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()))?;
        } else {
            std::fs::copy(e.path(), to.join(e.file_name()))?;
        }
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let runs: usize = std::env::var("PORTAL_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let bench = root().join("target/bench-publish");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let sample = bench.join("mau/noi-dung");
    let _ = std::fs::remove_dir_all(bench.join("mau"));
    copy_dir(&root().join("content"), &sample).expect("a copy of content/");
    let big = bench.join(format!("{n}/noi-dung"));
    if !big.join("site.toml").exists() {
        let corpus = portal_content::generate::Corpus {
            articles: n,
            documents: n / 5,
            sections: 5,
            seed: 1,
        };
        portal_content::generate::generate(&big, corpus).expect("the generated corpus");
    }
    // The newsroom keeps the content in git: a corpus from an earlier run starts from
    // its generated state again.
    let _ = std::fs::remove_dir_all(big.join(".git"));
    let _ = std::fs::remove_dir_all(big.join("toa-soan"));
    for f in std::fs::read_dir(big.join("articles"))
        .expect("articles")
        .flatten()
    {
        if f.file_name().to_string_lossy().starts_with("tin-do-thoi-gian") {
            let _ = std::fs::remove_file(f.path());
        }
    }
    for (name, content) in [
        ("sample site".to_string(), sample),
        (format!("{n} articles"), big),
    ] {
        if let Err(e) = rt.block_on(measure(&name, &content, runs)) {
            eprintln!("bench-publish: {name}: {e}");
            std::process::exit(1);
        }
    }
}
