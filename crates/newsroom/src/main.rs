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
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let config = Config {
        data: args.data.clone(),
        secure_cookies: args.secure_cookies,
        behind_proxy: args.behind_proxy,
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
