//! `newsroom`: serves Tòa soạn, the newsroom (see the crate's documentation).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use newsroom::{router, Config, Newsroom, FIRST_ADMIN};

/// Tòa soạn: nơi cán bộ đăng nhập, viết, duyệt và xuất bản tin bài.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Thư mục dữ liệu của Tòa soạn (tài khoản, nhật ký).
    #[arg(long, default_value = "newsroom-data")]
    data: PathBuf,
    /// Địa chỉ và cổng lắng nghe.
    #[arg(long, default_value = "127.0.0.1:8081")]
    listen: SocketAddr,
    /// Đánh dấu cookie `Secure` (khi Tòa soạn được truy cập qua HTTPS, sau nginx).
    #[arg(long)]
    secure_cookies: bool,
    /// Đứng sau proxy (nginx): lấy địa chỉ người dùng từ tiêu đề X-Real-IP.
    #[arg(long)]
    behind_proxy: bool,
    /// Thư mục nội dung (lưu lịch sử bằng git; được khởi tạo nếu chưa là kho git).
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Bản dựng ứng dụng cổng thông tin của trunk (index.html và các tệp của nó).
    #[arg(long, default_value = "target/shell")]
    shell: PathBuf,
    /// Thư mục trang công khai được dựng vào (và được nginx phục vụ).
    #[arg(long, default_value = "dist")]
    out: PathBuf,
    /// Không tạo bản nén sẵn .br/.gz (khi chạy thử).
    #[arg(long)]
    no_compress: bool,
    /// Lệnh chạy sau mỗi lần dựng thành công (qua `sh -c`; biến SITE là thư mục trang),
    /// ví dụ: rsync -a --delete "$SITE/" may-chu:/var/www/cong/
    #[arg(long)]
    deploy: Option<String>,
    /// Địa chỉ trang công khai (mặc định: base_url trong content/site.toml).
    #[arg(long)]
    public_url: Option<String>,
    /// Thư mục bộ soạn thảo nội dung (wasm-bindgen dựng từ newsroom-editor); không có
    /// thì nội dung được viết trong ô văn bản thường.
    #[arg(long)]
    editor: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let config = Config {
        data: args.data.clone(),
        secure_cookies: args.secure_cookies,
        behind_proxy: args.behind_proxy,
        content: args.content.clone(),
        shell: args.shell.clone(),
        out: args.out.clone(),
        compress: !args.no_compress,
        deploy: args.deploy.clone(),
        public_url: args.public_url.clone(),
        editor: args.editor.clone(),
    };
    let (newsroom, first) = match Newsroom::open(config) {
        Ok(opened) => opened,
        Err(e) => {
            eprintln!("newsroom: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(password) = first {
        println!("Tòa soạn: đã tạo tài khoản quản trị đầu tiên.");
        println!("  Tên đăng nhập: {FIRST_ADMIN}");
        println!("  Mật khẩu dùng một lần: {password}");
        println!("  (chỉ hiện lần này; đăng nhập và đổi mật khẩu ngay)");
    }
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("newsroom: không mở được {}: {e}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    println!(
        "Tòa soạn: http://{}/ (dữ liệu trong {})",
        args.listen,
        args.data.display()
    );
    // The public site as the content is now, then what came due while the server was
    // off, then every 20 seconds.
    match newsroom.at_work(|w| w.site.build()).await {
        Ok(summary) => println!("Tòa soạn: {summary} → {}", args.out.display()),
        Err(why) => eprintln!("newsroom: {why}"),
    }
    newsroom.start_scheduler();
    let app = router(newsroom).into_make_service_with_connect_info::<SocketAddr>();
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsroom: {e}");
            ExitCode::FAILURE
        }
    }
}
