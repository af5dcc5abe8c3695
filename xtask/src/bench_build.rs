//! `cargo xtask bench-build [N…]`: this project's build against Hugo's on the same
//! generated Markdown, in one run on one machine (docs/scale.md explains the figures).
//!
//! For each N (default 1,000, 10,000 and 100,000): `portal-content generate` writes N
//! articles, N/5 documents and five sections; Hugo (Debian's package, installed here)
//! builds the articles with the minimal theme in `bench/hugo/` (home, article pages with
//! five related links, section lists of 10 with their RSS, sitemap); `portal-build`
//! builds the whole site, precompressed copies included. Each full build runs
//! `BENCH_RUNS` times (default 3) into an empty folder; the medians are printed, with
//! peak memory (`/usr/bin/time`), output files and bytes, and the rebuild after one
//! article is added and after it is edited.

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

    // The sample site, as `cargo xtask build` makes it once compiled (the shell is
    // current: its check is timed, then the whole site into an empty folder).
    let mut sample = Vec::new();
    for _ in 0..runs {
        let out = work.join("sample");
        let _ = std::fs::remove_dir_all(&out);
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
        let (hugo_out, ours_out) = (dir.join("hugo"), dir.join("dist"));
        let hugo_src = root().join("bench/hugo");
        let articles = content.join("articles");
        let (mut hugo, mut ours) = (Vec::new(), Vec::new());
        for i in 0..runs {
            let _ = std::fs::remove_dir_all(&hugo_out);
            let h = timed(
                Path::new("/usr/bin/hugo"),
                &[
                    "--quiet".as_ref(),
                    "--source".as_ref(),
                    hugo_src.as_os_str(),
                    "--contentDir".as_ref(),
                    articles.as_os_str(),
                    "--destination".as_ref(),
                    hugo_out.as_os_str(),
                ],
            )?;
            eprintln!("N={n} run {}: Hugo {:.2} s", i + 1, h.wall.as_secs_f64());
            hugo.push(h);
            let _ = std::fs::remove_dir_all(&ours_out);
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
        }
        let (hf, hb, _, _) = tally(&hugo_out);
        let (of, ob, oc, ocb) = tally(&ours_out);
        // One article added (the newest), then edited, on the site just built.
        let new = articles.join("bai-moi-bench.md");
        let article = |title: &str| {
            format!("+++\ntitle = \"{title}\"\npublished = 2026-12-01T08:00:00+07:00\ncategory = \"su-kien-noi-bat\"\nslug = \"bai-moi-bench\"\n+++\n\nBài mới đăng để đo thời gian dựng lại.\n")
        };
        let args: [&std::ffi::OsStr; 6] = [
            "--content".as_ref(),
            content.as_os_str(),
            "--shell".as_ref(),
            shell.as_os_str(),
            "--out".as_ref(),
            ours_out.as_os_str(),
        ];
        std::fs::write(&new, article("Khai trương chợ phiên cuối tuần")).map_err(|e| e.to_string())?;
        let added = timed(&build, &args)?;
        std::fs::write(&new, article("Khai trương chợ phiên cuối tuần (cập nhật)"))
            .map_err(|e| e.to_string())?;
        let edited = timed(&build, &args)?;
        std::fs::remove_file(&new).map_err(|e| e.to_string())?;
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
        let summary = |r: &Run| {
            r.stdout
                .lines()
                .find(|l| l.starts_with("portal-build:"))
                .and_then(|l| l.rsplit_once(" → ").map(|(a, _)| a.to_string()))
                .and_then(|l| l.split_once("; ghi ").map(|(_, b)| format!("ghi {b}")))
                .and_then(|l| l.split(" (").next().map(str::to_string))
                .unwrap_or_default()
        };
        let lines = [
            format!("N = {n} articles, {} documents, 5 sections (median of {runs})", n / 5),
            format!(
                "  full build: Hugo {h:.2} s, portal-build {o:.2} s, ratio {:.2} (portal / Hugo; ≤ 1 is the target)",
                o / h
            ),
            format!("  portal-build stages: {}", stage_text.join(", ")),
            format!("  peak memory: Hugo {:.0} MB, portal-build {:.0} MB", rss(&hugo), rss(&ours)),
            format!(
                "  output: Hugo {hf} files, {:.1} MB; portal-build {of} files, {:.1} MB ({:.2}× Hugo's bytes) + {oc} precompressed copies, {:.1} MB",
                mb(hb),
                mb(ob),
                ob as f64 / hb.max(1) as f64,
                mb(ocb)
            ),
            format!(
                "  one article added: {:.2} s ({}; {}); edited: {:.2} s ({}; {}); peak memory {:.0} MB",
                added.wall.as_secs_f64(),
                summary(&added),
                stage_list(&added.stdout),
                edited.wall.as_secs_f64(),
                summary(&edited),
                stage_list(&edited.stdout),
                added.rss_kb.max(edited.rss_kb) as f64 / 1024.0
            ),
        ];
        for l in &lines {
            eprintln!("{l}");
        }
        report.extend(lines);
        // The big folders go; the next N needs the disk.
        let _ = std::fs::remove_dir_all(&hugo_out);
    }
    println!(
        "\nbench-build ({hugo_version}; {} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for l in &report {
        println!("{l}");
    }
    Ok(())
}
