//! The browser entry point (trunk builds this binary to Wasm).

fn main() {
    #[cfg(target_arch = "wasm32")]
    portal::start();
}
