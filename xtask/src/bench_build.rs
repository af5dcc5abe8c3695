//! `cargo xtask bench-build [N…]`: this project's build against Hugo's on the same
//! generated Markdown, in one run on one machine (docs/scale.md explains the figures).
//!
//! For each N (default 1,000, 10,000 and 100,000): `portal-content generate` writes N
//! articles, N/5 documents and five sections; Hugo (Debian's package, installed here)
//! builds the same articles and documents with the theme in `bench/hugo/` (home,
//! article pages with five related links, section lists of 10 with their RSS, the
//! documents and their list, sitemap; see its `hugo.toml`); `portal-build`
//! builds the whole site, precompressed copies included. Each full build runs
//! `BENCH_RUNS` times (default 3) into an empty folder; the medians are printed, with
//! peak memory (`/usr/bin/time`), output files and bytes, and the rebuild after one
//! article is added and after it is edited, by the builder that stays (the newsroom's
//! "Xuất bản") and by a new process.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::{apt_install, cmd, root, run, Result};

/// One timed run of a command.
struct Run {
    wall: Duration,
    /// Peak resident memory in KB.
    rss_kb: u64,
    stdout: String,
}

fn timed(program: &Path, args: &[&std::ffi::OsStr]) -> Result<Run> {
    let mut c = Command::new("/usr/bin/time");
    c.arg("-f").arg("BENCH-RSS %M").arg(program).args(args);
    c.current_dir(root());
    let start = Instant::now();
    let out = c
        .output()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("{} failed: {stderr}", program.display()));
    }
    let rss_kb = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("BENCH-RSS "))
        .and_then(|v| v.trim().parse().ok())
        .ok_or("no peak memory from /usr/bin/time")?;
    Ok(Run {
        wall,
        rss_kb,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return 0.0;
    }
    v[v.len() / 2]
}

/// Files and bytes under `dir`: all, and those that are not `.br`/`.gz` copies.
fn tally(dir: &Path) -> (u64, u64, u64, u64) {
    let (mut files, mut bytes, mut copies, mut copy_bytes) = (0, 0, 0, 0);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.file_name().is_some_and(|n| n == ".portal-build") {
                continue;
            }
            let Ok(m) = e.metadata() else { continue };
            if m.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "br" || x == "gz") {
                copies += 1;
                copy_bytes += m.len();
            } else {
                files += 1;
                bytes += m.len();
            }
        }
    }
    (files, bytes, copies, copy_bytes)
}

/// The stage times a `portal-build` summary line ends with: `(nội dung 1.20 s, … ; nén 3.1 s CPU)`.
fn stages(stdout: &str) -> Vec<(String, f64)> {
    let Some(line) = stdout.lines().find(|l| l.starts_with("portal-build:")) else {
        return Vec::new();
    };
    let Some(start) = line.rfind(" (") else {
        return Vec::new();
    };
    let inner = line[start + 2..].split(')').next().unwrap_or("");
    let (stages, compress) = inner.split_once("; ").unwrap_or((inner, ""));
    let mut out: Vec<(String, f64)> = stages
        .split(", ")
        .filter_map(|s| {
            let (name, secs) = s.trim_end_matches(" s").rsplit_once(' ')?;
            Some((name.to_string(), secs.parse().ok()?))
        })
        .collect();
    if let Some(secs) = compress
        .strip_prefix("nén ")
        .and_then(|s| s.strip_suffix(" s CPU"))
    {
        if let Ok(v) = secs.parse() {
            out.push(("nén (CPU, trong các bước trên)".into(), v));
        }
    }
    out
}

/// The stages of one run, as printed.
fn stage_list(stdout: &str) -> String {
    stages(stdout)
        .iter()
        .map(|(name, secs)| format!("{name} {secs:.2} s"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// Where the full builds write: a folder in memory (`/dev/shm`) unless `BENCH_OUT`
/// names another. On this machine kind's disk, creating a directory takes 0.3–1.1 ms
/// depending on what was deleted in the minutes before (10,000 directories with a file
/// each: 6.0 s, then 11.4 s a few minutes later), which swamps both builders' own work;
/// in memory the figures repeat. Each run writes into a folder of its own, removed
/// once it is measured.
fn out_root() -> std::path::PathBuf {
    match std::env::var_os("BENCH_OUT") {
        Some(d) => d.into(),
        None if Path::new("/dev/shm").is_dir() => "/dev/shm/portal-bench-build".into(),
        None => root().join("target/bench-build/out"),
    }
}

/// The corpus as Hugo reads it: the articles in `bai-viet/` (a section that is not a
/// page of its own), the documents in `van-ban/` (a section listed 10 a page), each
/// file a hard link to the corpus's.
fn hugo_content(content: &Path, dir: &Path) -> Result {
    let _ = std::fs::remove_dir_all(dir);
    for (from, to, index) in [
        (
            "articles",
            "bai-viet",
            "+++\ntitle = \"Bài viết\"\n[_build]\nrender = \"never\"\nlist = \"always\"\n+++\n",
        ),
        ("documents", "van-ban", "+++\ntitle = \"Văn bản\"\n+++\n"),
    ] {
        let target = dir.join(to);
        std::fs::create_dir_all(&target).map_err(|e| e.to_string())?;
        for e in std::fs::read_dir(content.join(from)).map_err(|e| e.to_string())? {
            let p = e.map_err(|e| e.to_string())?.path();
            if p.extension().is_some_and(|x| x == "md") {
                let name = p.file_name().expect("a file");
                std::fs::hard_link(&p, target.join(name))
                    .or_else(|_| std::fs::copy(&p, target.join(name)).map(drop))
                    .map_err(|e| e.to_string())?;
            }
        }
        std::fs::write(target.join("_index.md"), index).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A `portal-build --stay` process over `out`: the newsroom's builder.
struct Staying {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Staying {
    fn start(build: &Path, args: &[&std::ffi::OsStr]) -> Result<(Staying, String)> {
        use std::io::BufRead;
        let mut child = Command::new(build)
            .arg("--stay")
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", build.display()))?;
        let stdout = child.stdout.take().expect("piped");
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(std::result::Result::ok)
            {
                if line.starts_with("portal-build:") && tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut s = Staying { child, lines };
        let first = s.next()?;
        Ok((s, first))
    }

    fn next(&mut self) -> Result<String> {
        let line = self
            .lines
            .recv()
            .map_err(|_| "portal-build --stay stopped".to_string())?;
        if line.ends_with("lỗi") {
            return Err("portal-build --stay: the build failed".into());
        }
        Ok(line)
    }

    /// Asks for a build and waits for it: its wall time from the request and its line.
    fn build(&mut self) -> Result<(Duration, String)> {
        use std::io::Write;
        let start = Instant::now();
        let stdin = self.child.stdin.as_mut().expect("piped");
        writeln!(stdin)
            .and_then(|()| stdin.flush())
            .map_err(|e| e.to_string())?;
        let line = self.next()?;
        Ok((start.elapsed(), line))
    }
}

impl Drop for Staying {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// The summary of a `portal-build` line: what it wrote.
fn written(line: &str) -> String {
    line.rsplit_once(" → ")
        .map(|(a, _)| a)
        .and_then(|l| l.split_once("; ghi ").map(|(_, b)| format!("ghi {b}")))
        .and_then(|l| l.split(" (").next().map(str::to_string))
        .unwrap_or_default()
}

pub fn run_all(args: &[String]) -> Result {
    let sizes: Vec<usize> = if args.is_empty() {
        vec![1_000, 10_000, 100_000]
    } else {
        args.iter()
            .map(|a| {
                a.replace(['_', ','], "")
                    .parse()
                    .map_err(|_| format!("not a number: {a}"))
            })
            .collect::<Result<_>>()?
    };
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    apt_install(&["hugo", "time"])?;
    let hugo_version = crate::output(Command::new("hugo").arg("version")).unwrap_or_default();
    crate::build_shell()?;
    run(cmd("cargo").args([
        "build",
        "--quiet",
        "--profile",
        "tools",
        "--package",
        "portal-build",
        "--package",
        "portal-content",
    ]))?;
    let tools = root().join("target/tools");
    let (build, content_tool) = (tools.join("portal-build"), tools.join("portal-content"));
    let shell = root().join("target/shell");
    let work = root().join("target/bench-build");
    let outs = out_root();
    let _ = std::fs::remove_dir_all(&outs);
    std::fs::create_dir_all(&outs).map_err(|e| format!("{}: {e}", outs.display()))?;
    let mut fresh_out = {
        let mut n = 0;
        let outs = outs.clone();
        move |what: &str| {
            n += 1;
            outs.join(format!("{what}-{n}"))
        }
    };

    // The sample site, as `cargo xtask build` makes it once compiled (the shell is
    // current: its check is timed, then the whole site into an empty folder).
    let mut sample = Vec::new();
    for _ in 0..runs {
        let out = fresh_out("sample");
        let start = Instant::now();
        crate::build_shell()?;
        let trunk = start.elapsed();
        let r = timed(
            &build,
            &[
                "--shell".as_ref(),
                shell.as_os_str(),
                "--out".as_ref(),
                out.as_os_str(),
            ],
        )?;
        let _ = std::fs::remove_dir_all(&out);
        sample.push((
            trunk.as_secs_f64() + r.wall.as_secs_f64(),
            trunk.as_secs_f64(),
            r.wall.as_secs_f64(),
        ));
    }
    let mut report = vec![format!(
        "sample site (content/): release build once compiled, median of {runs}: {:.2} s (shell check {:.2} s, portal-build {:.2} s)",
        median(sample.iter().map(|s| s.0).collect()),
        median(sample.iter().map(|s| s.1).collect()),
        median(sample.iter().map(|s| s.2).collect()),
    )];
    eprintln!("{}", report[0]);
    report.push(format!("full builds write into {}", outs.display()));

    for &n in &sizes {
        let dir = work.join(n.to_string());
        let content = dir.join("content");
        let gen = Command::new(&content_tool)
            .args([
                "generate",
                "--articles",
                &n.to_string(),
                "--documents",
                &(n / 5).to_string(),
            ])
            .args(["--sections", "5", "--out"])
            .arg(&content)
            .status()
            .map_err(|e| e.to_string())?;
        if !gen.success() {
            return Err("portal-content generate failed".into());
        }
        let hugo_src = root().join("bench/hugo");
        let hugo_in = dir.join("hugo-content");
        hugo_content(&content, &hugo_in)?;
        let (mut hugo, mut ours) = (Vec::new(), Vec::new());
        let (mut hugo_size, mut ours_size) = ((0, 0, 0, 0), (0, 0, 0, 0));
        let mut live = None;
        for i in 0..runs {
            let hugo_out = fresh_out("hugo");
            let h = timed(
                Path::new("/usr/bin/hugo"),
                &[
                    "--quiet".as_ref(),
                    "--source".as_ref(),
                    hugo_src.as_os_str(),
                    "--contentDir".as_ref(),
                    hugo_in.as_os_str(),
                    "--destination".as_ref(),
                    hugo_out.as_os_str(),
                ],
            )?;
            eprintln!("N={n} run {}: Hugo {:.2} s", i + 1, h.wall.as_secs_f64());
            hugo.push(h);
            hugo_size = tally(&hugo_out);
            let _ = std::fs::remove_dir_all(&hugo_out);
            let ours_out = fresh_out("portal");
            let o = timed(
                &build,
                &[
                    "--content".as_ref(),
                    content.as_os_str(),
                    "--shell".as_ref(),
                    shell.as_os_str(),
                    "--out".as_ref(),
                    ours_out.as_os_str(),
                ],
            )?;
            eprintln!("N={n} run {}: portal-build {:.2} s", i + 1, o.wall.as_secs_f64());
            ours.push(o);
            ours_size = tally(&ours_out);
            // The last one stays: the site the rebuilds below publish into.
            if let Some(old) = live.replace(ours_out) {
                let _ = std::fs::remove_dir_all(old);
            }
        }
        let live = live.expect("at least one run");
        let (hf, hb, _, _) = hugo_size;
        let (of, ob, oc, ocb) = ours_size;

        // The built site in Chromium: the largest section's oldest page and the most
        // common type of document, opened directly and in the app.
        let big = crate::output(
            cmd("cargo")
                .args(["bench", "--quiet", "--bench", "big-site"])
                .env("PORTAL_BIG_SITE", &live)
                .env("PORTAL_BIG_CONTENT", &content)
                .stderr(std::process::Stdio::inherit()),
        )
        .ok_or("the big-site check failed (its message is above)")?;

        // One article added (the newest), then edited, on the site just built: by the
        // newsroom's builder, which stays (what "Xuất bản" does), and by a new process.
        let new = content.join("articles/bai-moi-bench.md");
        let article = |title: &str| {
            format!("+++\ntitle = \"{title}\"\npublished = 2026-12-01T08:00:00+07:00\ncategory = \"su-kien-noi-bat\"\nslug = \"bai-moi-bench\"\n+++\n\nBài mới đăng để đo thời gian dựng lại.\n")
        };
        let args: [&std::ffi::OsStr; 6] = [
            "--content".as_ref(),
            content.as_os_str(),
            "--shell".as_ref(),
            shell.as_os_str(),
            "--out".as_ref(),
            live.as_os_str(),
        ];
        let (mut staying, _) = Staying::start(&build, &args)?;
        let mut publish = |title: &str| -> Result<(Duration, String)> {
            std::fs::write(&new, article(title)).map_err(|e| e.to_string())?;
            let r = staying.build();
            // An officer publishes every few minutes, not every second: the last
            // build's record is written to disk in the meantime.
            std::thread::sleep(Duration::from_secs(2));
            r
        };
        let stay_added = publish("Khai trương chợ phiên cuối tuần")?;
        let stay_edited = publish("Khai trương chợ phiên cuối tuần (cập nhật)")?;
        drop(staying);
        std::fs::write(
            &new,
            article("Khai trương chợ phiên cuối tuần (cập nhật lần hai)"),
        )
        .map_err(|e| e.to_string())?;
        let fresh_edited = timed(&build, &args)?;
        std::fs::remove_file(&new).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_dir_all(&live);

        let secs = |v: &[Run]| median(v.iter().map(|r| r.wall.as_secs_f64()).collect());
        let rss = |v: &[Run]| v.iter().map(|r| r.rss_kb).max().unwrap_or(0) as f64 / 1024.0;
        let (h, o) = (secs(&hugo), secs(&ours));
        let mut per_stage: Vec<(String, Vec<f64>)> = Vec::new();
        for r in &ours {
            for (name, v) in stages(&r.stdout) {
                match per_stage.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, vs)) => vs.push(v),
                    None => per_stage.push((name, vec![v])),
                }
            }
        }
        let stage_text: Vec<String> = per_stage
            .into_iter()
            .map(|(name, vs)| format!("{name} {:.2} s", median(vs)))
            .collect();
        let lines = [
            format!("N = {n} articles, {} documents, 5 sections (median of {runs})", n / 5),
            format!(
                "  full build: Hugo {h:.2} s, portal-build {o:.2} s, ratio {:.2} (portal / Hugo; ≤ 1 is the target)",
                o / h
            ),
            format!("  portal-build stages: {}", stage_text.join(", ")),
            format!("  peak memory: Hugo {:.0} MB, portal-build {:.0} MB", rss(&hugo), rss(&ours)),
            format!(
                "  output: Hugo {hf} files, {:.1} MB; portal-build {of} files, {:.1} MB ({:.2}× Hugo's bytes; ≤ 2 is the target) + {oc} precompressed copies, {:.1} MB",
                mb(hb),
                mb(ob),
                ob as f64 / hb.max(1) as f64,
                mb(ocb)
            ),
            format!(
                "  one article published by the builder that stays (the newsroom): added {:.2} s ({}), edited {:.2} s ({}); ≤ 2 s is the target",
                stay_added.0.as_secs_f64(),
                written(&stay_added.1),
                stay_edited.0.as_secs_f64(),
                written(&stay_edited.1),
            ),
            format!(
                "  edited again by a new process (it reads and indexes everything again): {:.2} s ({}; {}), peak memory {:.0} MB",
                fresh_edited.wall.as_secs_f64(),
                written(fresh_edited.stdout.lines().find(|l| l.starts_with("portal-build:")).unwrap_or("")),
                stage_list(&fresh_edited.stdout),
                fresh_edited.rss_kb as f64 / 1024.0
            ),
            format!("  {}", big.replace('\n', "\n  ")),
        ];
        for l in &lines {
            eprintln!("{l}");
        }
        report.extend(lines);
    }
    let _ = std::fs::remove_dir_all(&outs);
    println!(
        "\nbench-build ({hugo_version}; {} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for l in &report {
        println!("{l}");
    }
    Ok(())
}
