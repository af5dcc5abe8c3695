//! Project automation, so that a fresh machine needs two commands (see README.md):
//!
//! - `cargo xtask serve`: install what is missing, then serve the portal with its sample
//!   content on http://127.0.0.1:8080 (rebuilding on every saved change), and the
//!   newsroom (Tòa soạn) on http://127.0.0.1:8081, with the site it publishes on
//!   http://127.0.0.1:8082.
//! - `cargo xtask test`: install what is missing, then run every check and test.
//!
//! Also: `setup` (only install), `build` (release build into dist/), `size` (print the
//! Wasm/JS/CSS sizes raw, gzip and brotli).
//!
//! Every install step is idempotent: it checks the installed version first and does
//! nothing when it is right. Trunk runs offline with the tools installed here.

mod bench_build;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Trunk 0.22 needs a newer rustc than this project's toolchain; see docs/toolchain.md.
const TRUNK_VERSION: &str = "0.21.14";
/// Debian packages: headless browser and driver for the browser tests; nginx and its
/// brotli module for the deployment tests and the benchmark; brotli for sizes.
const APT_PACKAGES: &[&str] = &[
    "chromium",
    "chromium-driver",
    "brotli",
    "nginx-light",
    "libnginx-mod-http-brotli-static",
];

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = args.first().map(String::as_str).unwrap_or("help");
    let rest = &args[args.len().min(1)..];
    let result = match cmd {
        "setup" => setup(),
        "serve" => setup().and_then(|()| serve(rest)),
        "build" => setup().and_then(|()| build_release()),
        "test" => setup().and_then(|()| test()),
        "size" => size().map(|_| ()),
        "bench" => setup().and_then(|()| bench()),
        "bench-search" => setup().and_then(|()| bench_search(rest)),
        "bench-build" => setup().and_then(|()| bench_build::run_all(rest)),
        "bench-publish" => setup().and_then(|()| bench_publish(rest)),
        "fuzz" => fuzz(rest),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n\
                 serve   install what is missing, serve the portal on http://127.0.0.1:8080, the newsroom on http://127.0.0.1:8081 and what it publishes on http://127.0.0.1:8082\n\
                 test    install what is missing, run every check and test\n\
                 setup   only install what is missing\n\
                 build   release build into dist/\n\
                 bench   Lighthouse on an article vs. the same page as static HTML (medians)\n\
                 bench-build [N…]  full and incremental builds vs. Hugo on N generated articles (default 1000 10000 100000)\n\
                 bench-publish [N] the newsroom's “Xuất bản”, click to served, on the sample site and N generated articles (default 10000)\n\
                 bench-search [N]  our search vs. Pagefind on N synthetic articles (default 10000)\n\
                 fuzz [CASES]  the property tests with CASES cases each (default 20000) and a fresh seed\n\
                 size    print the sizes of the built Wasm, JS and CSS"
            );
            return ExitCode::from(if cmd == "help" || cmd == "--help" { 0 } else { 2 });
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is in the workspace")
        .to_path_buf()
}

fn cargo_home_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"))
        .join("bin")
}

/// PATH with the project's npm tools (wasm-opt) and cargo-installed tools first.
fn tool_path() -> std::ffi::OsString {
    let mut paths = vec![root().join("node_modules/.bin"), cargo_home_bin()];
    if let Some(p) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(paths).expect("valid PATH")
}

/// A command in the project root with the project's tools on PATH.
fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root())
        .env("PATH", tool_path())
        .env("TRUNK_SKIP_VERSION_CHECK", "true");
    c
}

fn run(c: &mut Command) -> Result {
    eprintln!("+ {}", shown(c));
    let status = c
        .status()
        .map_err(|e| format!("cannot start `{}`: {e}", shown(c)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", shown(c)))
    }
}

fn shown(c: &Command) -> String {
    std::iter::once(c.get_program())
        .chain(c.get_args())
        .map(|s| s.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// stdout of a command, or None if it cannot run or fails.
fn output(c: &mut Command) -> Option<String> {
    let out = c.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).as_deref() == Some("0")
}

/// `apt-get` as root, or through sudo.
fn apt_get(args: &[&str]) -> Command {
    let mut c = if is_root() {
        Command::new("apt-get")
    } else {
        let mut s = Command::new("sudo");
        s.arg("apt-get");
        s
    };
    c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    c
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

/// Installs the Debian packages that are missing (nothing when all are there).
fn apt_install(packages: &[&str]) -> Result {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            output(Command::new("dpkg-query").args(["-W", "-f=${Status}", p]))
                .is_none_or(|s| !s.ends_with("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        eprintln!("ok: apt packages {}", packages.join(", "));
        return Ok(());
    }
    run(&mut apt_get(&["update", "-q"]))?;
    let mut install = apt_get(&["install", "-y", "-q"]);
    install.args(&missing);
    run(&mut install)
}

fn setup() -> Result {
    // 1. Debian packages.
    apt_install(APT_PACKAGES)?;

    // 2. The Wasm target.
    let targets = output(cmd("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if targets.lines().any(|t| t == "wasm32-unknown-unknown") {
        eprintln!("ok: rust target wasm32-unknown-unknown");
    } else {
        run(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }

    // 3. Cargo-installed tools, at exact versions.
    let wbg = wasm_bindgen_version()?;
    for (tool, krate, version, shows) in [
        (
            "trunk",
            "trunk",
            TRUNK_VERSION.to_string(),
            format!("trunk {TRUNK_VERSION}"),
        ),
        (
            "wasm-bindgen",
            "wasm-bindgen-cli",
            wbg.clone(),
            format!("wasm-bindgen {wbg}"),
        ),
    ] {
        let have = output(cmd(tool).arg("--version")).unwrap_or_default();
        if have.starts_with(&shows) {
            eprintln!("ok: {have}");
        } else {
            eprintln!(
                "installing {krate} {version} (found: {})",
                if have.is_empty() { "none" } else { &have }
            );
            run(cmd("cargo").args(["install", "--locked", krate, "--version", &version]))?;
        }
    }

    // 4. npm packages (wasm-opt from binaryen, axe-core): `npm ci` when the lock changed.
    let lock =
        std::fs::read(root().join("package-lock.json")).map_err(|e| format!("package-lock.json: {e}"))?;
    let stamp = root().join("node_modules/.xtask-package-lock.json");
    if std::fs::read(&stamp).ok().as_ref() == Some(&lock) {
        eprintln!("ok: npm packages");
    } else {
        run(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))?;
        std::fs::write(&stamp, &lock).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Builds the site and serves it on http://127.0.0.1:8080 with portal-server, which
/// rebuilds on every saved change and reloads the open pages. `--release` serves the
/// optimised build instead (no rebuilds).
fn serve(args: &[String]) -> Result {
    let release = args.iter().any(|a| a == "--release");
    let mut server = cmd("cargo");
    server.args([
        "run",
        "--quiet",
        "--profile",
        "tools",
        "--package",
        "portal-server",
        "--",
        "--dist",
        "dist",
    ]);
    if release {
        build_release()?;
    } else {
        run(cmd("trunk").arg("build"))?;
        run(cmd("cargo").args([
            "run",
            "--quiet",
            "--profile",
            "tools",
            "--package",
            "portal-build",
            "--",
            "--dev",
        ]))?;
        server.arg("--watch").arg(root());
    }
    // The newsroom beside the portal: its data (accounts, log) in target/newsroom/data
    // (its first start prints the first administrator's one-time password); its own
    // copy of the sample content, kept in git, in target/newsroom/noi-dung (made once:
    // officers' work stays across restarts, and the project's content/ is not
    // committed to by the newsroom); the public site it publishes, in
    // target/newsroom/trang, served on http://127.0.0.1:8082.
    run(cmd("cargo").args([
        "build",
        "--quiet",
        "--profile",
        "tools",
        "--package",
        "newsroom",
        "--package",
        "portal-server",
    ]))?;
    // The body editor (Wasm): without it the newsroom's forms are plain text boxes.
    build_editor()?;
    let desk = root().join("target/newsroom");
    let content = desk.join("noi-dung");
    if !content.exists() {
        copy_dir(&root().join("content"), &content).map_err(|e| format!("target/newsroom/noi-dung: {e}"))?;
    }
    let mut newsroom = Command::new(root().join("target/tools/newsroom"))
        .arg("--data")
        .arg(desk.join("data"))
        .arg("--content")
        .arg(&content)
        .arg("--shell")
        .arg(root().join("target/shell"))
        .arg("--out")
        .arg(desk.join("trang"))
        .arg("--no-compress")
        .args(["--public-url", "http://127.0.0.1:8082"])
        .arg("--editor")
        .arg(root().join("target/newsroom-editor"))
        .spawn()
        .map_err(|e| format!("newsroom: {e}"))?;
    let mut published = Command::new(root().join("target/tools/portal-server"))
        .arg("--dist")
        .arg(desk.join("trang"))
        .args(["--port", "8082"])
        .spawn()
        .map_err(|e| format!("portal-server: {e}"))?;
    let served = run(&mut server);
    for child in [&mut newsroom, &mut published] {
        let _ = child.kill();
        let _ = child.wait();
    }
    served
}

/// Copies the folder `from` to `to`, files and folders only.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// The newsroom's body editor (crates/newsroom-editor) for the browser: compiled to
/// Wasm, its JS made by wasm-bindgen, into target/newsroom-editor (the newsroom's
/// `--editor`). Officers download it, not residents: built for speed, not size.
fn build_editor() -> Result {
    run(cmd("cargo").args([
        "build",
        "--quiet",
        "--profile",
        "tools",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "newsroom-editor",
    ]))?;
    run(cmd("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(root().join("target/newsroom-editor"))
        .arg(root().join("target/wasm32-unknown-unknown/tools/newsroom_editor.wasm")))
}

/// trunk builds the app into target/shell; portal-build makes the site in dist/ from
/// it and content/.
fn build_release() -> Result {
    build_shell()?;
    run(cmd("cargo").args([
        "run",
        "--quiet",
        "--profile",
        "tools",
        "--package",
        "portal-build",
    ]))
}

/// What the app shell is built from: trunk's inputs and the tools' versions.
const SHELL_INPUTS: &[&str] = &[
    "src",
    "style",
    "public",
    "index.html",
    "Trunk.toml",
    "Cargo.toml",
    "Cargo.lock",
    "package-lock.json",
    "crates/portal-core",
];

/// A fingerprint of every byte the release shell is made from, with the versions of
/// rustc, trunk, wasm-bindgen and wasm-opt.
fn shell_inputs() -> Result<u64> {
    use std::hash::{Hash, Hasher};
    fn walk(p: &Path, h: &mut std::collections::hash_map::DefaultHasher) -> Result {
        let meta = std::fs::symlink_metadata(p).map_err(|e| format!("{}: {e}", p.display()))?;
        if meta.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("{}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            for e in entries {
                walk(&e, h)?;
            }
        } else if meta.is_file() {
            p.hash(h);
            std::fs::read(p)
                .map_err(|e| format!("{}: {e}", p.display()))?
                .hash(h);
        }
        Ok(())
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for input in SHELL_INPUTS {
        let p = root().join(input);
        if p.exists() {
            walk(&p, &mut h)?;
        }
    }
    for (tool, arg) in [
        ("rustc", "-V"),
        ("trunk", "--version"),
        ("wasm-bindgen", "--version"),
        ("wasm-opt", "--version"),
    ] {
        output(cmd(tool).arg(arg)).hash(&mut h);
    }
    Ok(h.finish())
}

/// `trunk build --release` into target/shell, unless the shell there was built from the
/// same inputs (a content-only change then rebuilds in seconds: wasm-opt alone takes
/// about ten).
fn build_shell() -> Result {
    let stamp = root().join("target/shell.inputs");
    let index = root().join("target/shell/index.html");
    // The inputs, and the page trunk made from them (a development build by the dev
    // server replaces it).
    let built = |inputs: &str| {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::fs::read(&index).ok()?.hash(&mut h);
        Some(format!("{inputs} {:016x}", h.finish()))
    };
    let inputs = format!("{:016x}", shell_inputs()?);
    let current = std::fs::read_to_string(&stamp).is_ok_and(|s| Some(s.trim().to_string()) == built(&inputs));
    if current {
        eprintln!("ok: target/shell is up to date (its inputs have not changed)");
        return Ok(());
    }
    let _ = std::fs::remove_file(&stamp);
    run(cmd("trunk").args(["build", "--release"]))?;
    let record = built(&inputs).ok_or("trunk made no target/shell/index.html")?;
    std::fs::write(&stamp, record).map_err(|e| format!("{}: {e}", stamp.display()))
}

fn test() -> Result {
    run(cmd("cargo").args(["fmt", "--all", "--check"]))?;
    run(cmd("cargo").args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    run(cmd("cargo").args([
        "clippy",
        "--package",
        "portal",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cmd("cargo").args([
        "clippy",
        "--package",
        "newsroom-editor",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    build_release()?;
    // The newsroom's body editor, for its browser test (tests/newsroom.rs).
    build_editor()?;
    // The dev server, for its test (tests/dev.rs).
    run(cmd("cargo").args([
        "build",
        "--quiet",
        "--profile",
        "tools",
        "--package",
        "portal-server",
    ]))?;
    size()?;
    // Unit tests, the content build's tests, and the browser tests against dist/.
    run(cmd("cargo").args(["test", "--workspace"]))?;
    eprintln!("xtask: every check passed");
    Ok(())
}

/// The Lighthouse benchmark (benches/lighthouse.rs): a release build made for the
/// benchmark's loopback address (so canonical links point at the served site), served
/// by nginx with deploy/nginx.conf.
fn bench() -> Result {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let dist = root().join("target/bench/dist");
    build_shell()?;
    run(cmd("cargo")
        .args([
            "run",
            "--quiet",
            "--profile",
            "tools",
            "--package",
            "portal-build",
            "--",
            "--out",
        ])
        .arg(&dist)
        .env("PORTAL_BASE_URL", format!("http://127.0.0.1:{port}")))?;
    let runs = std::env::var("PORTAL_BENCH_RUNS").unwrap_or_else(|_| "3".into());
    run(cmd("cargo")
        .args(["bench", "--bench", "lighthouse"])
        .env("PORTAL_DIST", &dist)
        .env("PORTAL_BENCH_PORT", port.to_string())
        .env("PORTAL_BENCH_RUNS", runs))
}

/// The newsroom's "Xuất bản" benchmark (benches/publish.rs): the release app shell,
/// the newsroom and portal-build as deployed (`tools` profile), then the benchmark.
fn bench_publish(args: &[String]) -> Result {
    build_shell()?;
    run(cmd("cargo").args([
        "build",
        "--quiet",
        "--profile",
        "tools",
        "--package",
        "newsroom",
        "--package",
        "portal-build",
    ]))?;
    run(cmd("cargo")
        .args(["bench", "--bench", "publish", "--"])
        .args(args))
}

/// The search benchmark (benches/search.rs): N synthetic articles, our index and a
/// Pagefind index of the same texts, one site served by nginx.
fn bench_search(args: &[String]) -> Result {
    let count = args.first().map_or("10000", String::as_str);
    build_release()?;
    let corpus = root().join("target/corpus");
    let (content, texts, site) = (
        corpus.join("content"),
        corpus.join("texts.jsonl"),
        corpus.join("site"),
    );
    let content_tool = [
        "run",
        "--quiet",
        "--profile",
        "tools",
        "--package",
        "portal-content",
        "--",
    ];
    run(cmd("cargo")
        .args(content_tool)
        .args(["generate", "--articles", count, "--documents", "0", "--out"])
        .arg(&content))?;
    // The content build of the whole corpus, timed (it prints its time), and its texts.
    run(cmd("cargo")
        .args(content_tool)
        .arg("--content")
        .arg(&content)
        .arg("--export-text")
        .arg(&texts))?;
    // The site: the portal built from the corpus, and the Pagefind side beside it.
    let build_tool = [
        "run",
        "--quiet",
        "--profile",
        "tools",
        "--package",
        "portal-build",
        "--",
    ];
    run(cmd("cargo")
        .args(build_tool)
        .arg("--content")
        .arg(&content)
        .arg("--out")
        .arg(&site)
        .arg("--no-compress"))?;
    std::fs::create_dir_all(site.join("bench")).map_err(|e| e.to_string())?;
    for f in ["pagefind.html", "pagefind.js"] {
        std::fs::copy(root().join("bench").join(f), site.join("bench").join(f)).map_err(|e| e.to_string())?;
    }
    run(cmd("node")
        .arg("bench/pagefind-index.mjs")
        .arg(&texts)
        .arg(site.join("pagefind")))?;
    run(cmd("cargo").args(build_tool).arg("--compress-only").arg(&site))?;
    run(cmd("cargo")
        .args(["bench", "--bench", "search"])
        .env("PORTAL_SEARCH_SITE", &site)
        .env("PORTAL_SEARCH_TEXTS", &texts))
}

/// The property tests (JSON reader, routes, queries, Markdown, front matter, rendered
/// bodies) with many more cases than CI runs, and a fresh seed, printed so that a
/// failure can be replayed (`PROPTEST_RNG_SEED=… cargo test …`).
fn fuzz(args: &[String]) -> Result {
    let cases = args.first().map_or("20000", String::as_str);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_secs());
    eprintln!("fuzz: {cases} cases each, PROPTEST_RNG_SEED={seed}");
    for (package, tests) in [
        ("portal-core", &["json_oracle", "properties"][..]),
        ("portal-content", &["properties"][..]),
        ("portal", &["render_properties"][..]),
    ] {
        let mut c = cmd("cargo");
        c.args(["test", "--profile", "tools", "--package", package]);
        for t in tests {
            c.args(["--test", t]);
        }
        run(c
            .env("PROPTEST_CASES", cases)
            .env("PROPTEST_RNG_SEED", seed.to_string()))?;
    }
    Ok(())
}

/// Prints the built assets' sizes; returns the Wasm's brotli size.
fn size() -> Result<u64> {
    let dist = root().join("dist");
    let mut rows = Vec::new();
    let entries = std::fs::read_dir(&dist)
        .map_err(|e| format!("{}: {e} (build first: cargo xtask build)", dist.display()))?;
    for e in entries.flatten() {
        let p = e.path();
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "wasm" | "js" | "css" | "html") && p.is_file() {
            rows.push(p);
        }
    }
    rows.sort();
    let compressed = |prog: &str, args: &[&str], p: &Path| -> Result<u64> {
        let out = Command::new(prog)
            .args(args)
            .arg(p)
            .output()
            .map_err(|e| format!("{prog}: {e}"))?;
        Ok(out.stdout.len() as u64)
    };
    println!(
        "{:<40} {:>10} {:>10} {:>10}",
        "file (sizes in KiB)", "raw", "gzip -9", "brotli -q 11"
    );
    let mut wasm_br = 0;
    for p in &rows {
        let raw = std::fs::metadata(p).map_err(|e| e.to_string())?.len();
        let gz = compressed("gzip", &["-9", "-c"], p)?;
        let br = compressed("brotli", &["-q", "11", "-c"], p)?;
        if p.extension().is_some_and(|e| e == "wasm") {
            wasm_br = br;
        }
        println!(
            "{:<40} {:>8.1} K {:>8.1} K {:>8.1} K",
            p.file_name().unwrap().to_string_lossy(),
            raw as f64 / 1024.0,
            gz as f64 / 1024.0,
            br as f64 / 1024.0
        );
    }
    // The budget is in KB of 1000 bytes (tests/size.rs), the table above in KiB.
    println!("Wasm brotli: {wasm_br} bytes of the 150,000-byte budget");
    Ok(wasm_br)
}
