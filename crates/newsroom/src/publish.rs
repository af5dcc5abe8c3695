//! "Xuất bản": the site is made again by the builder that stays in this process
//! ([`portal_build::Builder`]: it reads only the files that changed, so one article
//! takes the time of one article), into the folder the public site is served from.
//! A build that fails leaves that folder as it was and says why. Then, if the operator
//! gave one, a deploy command copies the site elsewhere (rsync, an S3 upload); when it
//! fails it is said, and tried again until it succeeds.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use portal_build::{Builder, Failure, Options};

pub struct Site {
    builder: Builder,
    deploy: Option<String>,
    /// The last deploy failed (why, and when): tried again by the scheduler.
    pub deploy_failed: Option<String>,
    /// The last build's summary line, for the officers' home page.
    pub last: Option<String>,
}

impl Site {
    /// A site made from `content` with trunk's app shell `shell` into `out`.
    pub fn new(
        content: PathBuf,
        shell: PathBuf,
        out: PathBuf,
        compress: bool,
        deploy: Option<String>,
    ) -> Site {
        let opts = Options {
            content,
            shell,
            out,
            compress,
            dev: false,
            search: Default::default(),
        };
        Site {
            builder: Builder::new(opts),
            deploy,
            deploy_failed: None,
            last: None,
        }
    }

    pub fn out(&self) -> &std::path::Path {
        &self.builder.options().out
    }

    /// trunk's build of the portal app.
    pub fn shell(&self) -> &std::path::Path {
        &self.builder.options().shell
    }

    /// Builds the site; the error is what the officer reads (each content problem with
    /// its file and line).
    pub fn build(&mut self) -> Result<String, String> {
        let started = Instant::now();
        match self.builder.build() {
            Ok(report) => {
                let line = format!(
                    "Đã dựng trang lúc {} trong {:.1} giây: {report}.",
                    crate::desk::now().stamp_vi(),
                    started.elapsed().as_secs_f64()
                );
                self.last = Some(line.clone());
                self.run_deploy();
                Ok(line)
            }
            Err(Failure::Content(diags)) => {
                let content = &self.builder.options().content;
                let lines: Vec<String> = diags
                    .iter()
                    .map(|d| {
                        let file = d.file.strip_prefix(content).unwrap_or(&d.file);
                        format!("{}, dòng {}: {}", file.display(), d.line, d.message)
                    })
                    .collect();
                Err(format!(
                    "Nội dung có lỗi nên trang chưa được dựng lại: {}",
                    lines.join("; ")
                ))
            }
            Err(Failure::Pages(p)) => Err(format!("Trang chưa được dựng lại: {}", p.join("; "))),
            Err(Failure::Io(e)) => Err(format!("Không dựng được trang: {e}")),
        }
    }

    /// Runs the deploy command, if any (`sh -c`, with `SITE` naming the built folder).
    pub fn run_deploy(&mut self) {
        let Some(command) = &self.deploy else { return };
        let out = Command::new("sh")
            .arg("-c")
            .arg(command)
            .env("SITE", self.builder.options().out.as_os_str())
            .output();
        self.deploy_failed = match out {
            Ok(o) if o.status.success() => None,
            Ok(o) => Some(format!(
                "Lệnh triển khai thất bại lúc {} (mã {}): {}. Sẽ tự thử lại.",
                crate::desk::now().stamp_vi(),
                o.status.code().map_or_else(|| "?".into(), |c| c.to_string()),
                String::from_utf8_lossy(&o.stderr).trim()
            )),
            Err(e) => Some(format!("Không chạy được lệnh triển khai: {e}. Sẽ tự thử lại.")),
        };
    }
}
