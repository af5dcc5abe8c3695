//! The portal on a phone's home screen: the web app manifest (`manifest.webmanifest`:
//! the Vietnamese name and short name from `site.toml`, `lang`, start address, colours)
//! and its PNG icons, drawn from the site's emblem (SVG by resvg, pictures by `image`).
//!
//! The emblem comes from content: it was checked by the content build, and here an SVG
//! may load nothing (no file, no address: only pictures inside it as `data:`).

use image::{imageops, Rgba, RgbaImage};
use portal_content::output::fingerprint;
use portal_content::site::SiteConfig;
use portal_content::Content;
use portal_prerender::offline::{offline_page, WorkerBuild, OFFLINE_PAGE};
use portal_prerender::{is_hashed, Renderer, Shell};
use serde_json::json;

use crate::output::Output;
use crate::Failure;

pub const MANIFEST: &str = "manifest.webmanifest";

/// The header's blue (`--blue` in style/main.css): the phone's bar around the portal.
pub const THEME_COLOUR: &str = "#0b4f8a";

/// An icon: file name, side in px, how much of the side the emblem takes, background.
struct Icon {
    file: &'static str,
    side: u32,
    emblem: f32,
    background: Option<Rgba<u8>>,
    /// `maskable`: the launcher may cut it to any shape; the emblem stays inside the
    /// middle 80 % circle.
    maskable: bool,
}

const WHITE: Rgba<u8> = Rgba([255, 255, 255, 255]);

/// Bumped whenever [`ICONS`] or the drawing changes: the icons are then drawn again.
const ICONS_DRAWN: u32 = 2;

/// The icons' file names.
pub fn icon_files() -> impl Iterator<Item = &'static str> {
    ICONS.iter().map(|i| i.file)
}

const ICONS: [Icon; 4] = [
    Icon {
        file: "icon-192.png",
        side: 192,
        emblem: 0.94,
        background: None,
        maskable: false,
    },
    Icon {
        file: "icon-512.png",
        side: 512,
        emblem: 0.94,
        background: None,
        maskable: false,
    },
    Icon {
        file: "icon-maskable-512.png",
        side: 512,
        emblem: 0.72,
        background: Some(WHITE),
        maskable: true,
    },
    // iOS's home screen (`apple-touch-icon`): no transparency.
    Icon {
        file: "apple-touch-icon.png",
        side: 180,
        emblem: 0.84,
        background: Some(WHITE),
        maskable: false,
    },
];

/// Writes the manifest, the icons, the offline page and, last (it names the others),
/// the service worker. `shell_files`: the app's files trunk built, with their bytes.
pub(crate) fn write(
    out: &Output,
    content: &Content,
    shell: &Shell,
    shell_files: &[(String, Vec<u8>)],
    renderer: &Renderer,
) -> Result<(), Failure> {
    let io = crate::io_error;
    let emblem = content
        .site
        .emblem
        .as_deref()
        .and_then(|url| Some((url, &content.assets.get(url)?[..])));
    // Drawn from the emblem, else from the shell's favicon.
    let drawn_from = emblem.or_else(|| {
        shell_files
            .iter()
            .find(|(n, _)| n == "favicon.svg")
            .map(|(_, b)| ("/favicon.svg", &b[..]))
    });
    let mut have_icons = false;
    if let Some((url, bytes)) = drawn_from {
        // Changes with the emblem and with how icons are drawn (bump ICONS_DRAWN).
        let key = fingerprint(&(url, bytes, ICONS_DRAWN));
        if ICONS.iter().all(|i| out.keep(i.file, key)) {
            have_icons = true;
        } else {
            for (file, png) in icons(url, bytes).map_err(|e| Failure::Pages(vec![format!("icons: {e}")]))? {
                out.put(&file, &png, key, Vec::new()).map_err(io)?;
            }
            have_icons = true;
        }
    }
    out.put(MANIFEST, &manifest(&content.site, have_icons), 0, Vec::new())
        .map_err(io)?;
    let not_found = renderer
        .page("/404.html", &[], true)
        .map_err(|e| Failure::Pages(vec![e]))?;
    let offline = offline_page(&not_found, &content.site.name).map_err(|e| Failure::Pages(vec![e]))?;
    out.put(OFFLINE_PAGE, offline.as_bytes(), 0, Vec::new())
        .map_err(io)?;
    let Some(code) = &shell.worker else {
        return Ok(());
    };
    // The page's own files and the app's, by site path.
    let (mut files, mut app) = (Vec::new(), Vec::new());
    let mut unhashed = vec![fingerprint(&offline)];
    for (name, bytes) in shell_files {
        let is_app = is_hashed(name) && (name.ends_with(".js") || name.ends_with(".wasm"));
        if is_app {
            app.push(format!("/{name}"));
        } else {
            files.push(format!("/{name}"));
            if !is_hashed(name) {
                unhashed.push(fingerprint(bytes));
            }
        }
    }
    app.extend(renderer.loader.iter().map(|(n, _)| format!("/{n}")));
    files.extend(renderer.controls.iter().map(|(n, _)| format!("/{n}")));
    if let Some((url, bytes)) = emblem {
        files.push(url.to_string());
        unhashed.push(fingerprint(bytes));
    }
    let data = vec![portal_core::paths::api_site()];
    let build = WorkerBuild::new(files, app, data, fingerprint(&unhashed), code);
    out.put(
        portal_prerender::WORKER,
        build.script(code).as_bytes(),
        0,
        Vec::new(),
    )
    .map_err(io)
}

/// The icons' files, drawn from the emblem (`path` tells its kind by its extension).
pub fn icons(path: &str, bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let emblem = Emblem::read(path, bytes)?;
    ICONS
        .iter()
        .map(|icon| {
            let side = ((icon.side as f32) * icon.emblem).round() as u32;
            let drawn = emblem.draw(side)?;
            let mut canvas =
                RgbaImage::from_pixel(icon.side, icon.side, icon.background.unwrap_or(Rgba([0; 4])));
            let x = (icon.side - drawn.width()) / 2;
            let y = (icon.side - drawn.height()) / 2;
            imageops::overlay(&mut canvas, &drawn, x.into(), y.into());
            let png = encode_png(&canvas).map_err(|e| format!("{}: {e}", icon.file))?;
            Ok((icon.file.to_string(), png))
        })
        .collect()
}

/// `manifest.webmanifest`; `icons`: whether the icons are there.
pub fn manifest(site: &SiteConfig, icons: bool) -> Vec<u8> {
    let list: Vec<serde_json::Value> = if icons {
        ICONS
            .iter()
            .filter(|i| i.file != "apple-touch-icon.png")
            .map(|i| {
                let mut v = json!({
                    "src": format!("/{}", i.file),
                    "sizes": format!("{0}x{0}", i.side),
                    "type": "image/png",
                });
                if i.maskable {
                    v["purpose"] = "maskable".into();
                }
                v
            })
            .collect()
    } else {
        Vec::new()
    };
    let m = json!({
        "id": "/",
        "name": site.name,
        "short_name": site.short_name.as_deref().unwrap_or(&site.name),
        "description": site.description,
        "lang": "vi",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": list,
    });
    serde_json::to_vec_pretty(&m).expect("plain data")
}

/// A PNG as small as it can be without losing a pixel: an emblem has few colours (55
/// with their anti-aliased edges for the sample's), so a palette of at most 256 (with
/// their transparency) when it fits, else RGBA; compressed hard. Chromium fetches the
/// 192 px icon with every first visit (the manifest is linked from every page): 12 KB
/// as `image` wrote it, a few KB as a palette.
fn encode_png(img: &RgbaImage) -> Result<Vec<u8>, String> {
    let mut palette: Vec<[u8; 4]> = Vec::new();
    let mut index = rustc_hash::FxHashMap::default();
    let mut indices = Vec::with_capacity(img.as_raw().len() / 4);
    for p in img.pixels() {
        let next = palette.len();
        let i = *index.entry(p.0).or_insert(next);
        if i == next {
            if next == 256 {
                break;
            }
            palette.push(p.0);
        }
        indices.push(i as u8);
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, img.width(), img.height());
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::High);
    let fits = indices.len() == img.as_raw().len() / 4;
    let data = if fits {
        enc.set_color(png::ColorType::Indexed);
        enc.set_palette(
            palette
                .iter()
                .flat_map(|c| [c[0], c[1], c[2]])
                .collect::<Vec<u8>>(),
        );
        enc.set_trns(palette.iter().map(|c| c[3]).collect::<Vec<u8>>());
        indices
    } else {
        enc.set_color(png::ColorType::Rgba);
        img.as_raw().clone()
    };
    let mut writer = enc.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&data).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

enum Emblem {
    Svg(Box<resvg::usvg::Tree>),
    Picture(RgbaImage),
}

impl Emblem {
    fn read(path: &str, bytes: &[u8]) -> Result<Emblem, String> {
        if path.to_ascii_lowercase().ends_with(".svg") {
            use resvg::usvg;
            let options = usvg::Options {
                resources_dir: None,
                image_href_resolver: usvg::ImageHrefResolver {
                    resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
                    // A file's path or an address: never read.
                    resolve_string: Box::new(|_, _| None),
                },
                ..Default::default()
            };
            let tree = usvg::Tree::from_data(bytes, &options).map_err(|e| format!("{path}: {e}"))?;
            Ok(Emblem::Svg(Box::new(tree)))
        } else {
            let picture = image::load_from_memory(bytes).map_err(|e| format!("{path}: {e}"))?;
            Ok(Emblem::Picture(picture.to_rgba8()))
        }
    }

    /// The emblem in a square of `side` px, its proportions kept.
    fn draw(&self, side: u32) -> Result<RgbaImage, String> {
        let (w, h) = match self {
            Emblem::Svg(tree) => (tree.size().width(), tree.size().height()),
            Emblem::Picture(p) => (p.width() as f32, p.height() as f32),
        };
        let scale = side as f32 / w.max(h);
        let (dw, dh) = (
            ((w * scale).round() as u32).max(1),
            ((h * scale).round() as u32).max(1),
        );
        match self {
            Emblem::Svg(tree) => {
                let mut pixmap = resvg::tiny_skia::Pixmap::new(dw, dh).ok_or("biểu trưng rỗng")?;
                resvg::render(
                    tree,
                    resvg::tiny_skia::Transform::from_scale(scale, scale),
                    &mut pixmap.as_mut(),
                );
                let mut out = RgbaImage::new(dw, dh);
                for (px, c) in out.pixels_mut().zip(pixmap.pixels()) {
                    let c = c.demultiply();
                    *px = Rgba([c.red(), c.green(), c.blue(), c.alpha()]);
                }
                Ok(out)
            }
            Emblem::Picture(p) => Ok(imageops::resize(p, dw, dh, imageops::FilterType::Lanczos3)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = r#"
name = "Cổng thông tin điện tử xã Tân <Hòa>"
short_name = "Tân Hòa"
unit_name = "Ủy ban nhân dân xã Tân Hòa"
unit_type = "xã"
description = "Tin tức của xã."
base_url = "https://tanhoa.example.gov.vn"
[contact]
address = "Ấp 1"
phone = "0297 000 0000"
email = "ubnd@tanhoa.example.gov.vn"
[[sections]]
slug = "tin-tuc"
name = "Tin tức"
"#;

    const EMBLEM: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><circle cx="32" cy="32" r="31" fill="#c8102e"/></svg>"##;

    fn decode(png: &[u8]) -> RgbaImage {
        image::load_from_memory_with_format(png, image::ImageFormat::Png)
            .unwrap()
            .to_rgba8()
    }

    #[test]
    fn icons_are_pngs_of_their_sizes_with_the_emblem_in_the_middle() {
        let icons = icons("/media/bieu-trung.svg", EMBLEM.as_bytes()).unwrap();
        let names: Vec<&str> = icons.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "icon-192.png",
                "icon-512.png",
                "icon-maskable-512.png",
                "apple-touch-icon.png"
            ]
        );
        for (name, png) in &icons {
            let img = decode(png);
            let side = img.width();
            assert_eq!(img.height(), side, "{name}");
            assert_eq!(
                *img.get_pixel(side / 2, side / 2),
                Rgba([200, 16, 46, 255]),
                "{name}"
            );
            let corner = img.get_pixel(0, 0)[3];
            let opaque = name.contains("maskable") || name.starts_with("apple");
            assert_eq!(corner, if opaque { 255 } else { 0 }, "{name}'s corner");
        }
        // Maskable: the emblem stays inside the safe circle (radius 40 % of the side).
        let img = decode(&icons[2].1);
        let (c, r) = (256.0f32, 0.4 * 512.0);
        for (x, y, p) in img.enumerate_pixels() {
            let d = ((x as f32 - c).powi(2) + (y as f32 - c).powi(2)).sqrt();
            if d > r {
                assert_eq!(*p, WHITE, "({x},{y}) outside the safe zone");
            }
        }
    }

    #[test]
    fn icons_are_small_and_exact() {
        let icons = icons("/media/bieu-trung.svg", EMBLEM.as_bytes()).unwrap();
        for (name, png) in &icons {
            let most = if name.contains("512") { 8_000 } else { 3_000 };
            assert!(png.len() < most, "{name}: {} bytes", png.len());
        }
        // A picture of more than 256 colours is written as it is, pixel for pixel.
        let many = RgbaImage::from_fn(40, 40, |x, y| Rgba([x as u8 * 6, y as u8 * 6, 7, 255]));
        assert_eq!(decode(&encode_png(&many).unwrap()), many);
        let few = RgbaImage::from_fn(40, 40, |x, _| Rgba([200, 16, 46, (x * 6) as u8]));
        assert_eq!(decode(&encode_png(&few).unwrap()), few);
    }

    #[test]
    fn a_picture_emblem_is_drawn_too() {
        let mut png = Vec::new();
        RgbaImage::from_pixel(40, 20, Rgba([0, 128, 0, 255]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let icons = icons("/media/logo.png", &png).unwrap();
        let img = decode(&icons[0].1);
        assert_eq!(*img.get_pixel(96, 96), Rgba([0, 128, 0, 255]));
        // Wider than high: the top is empty.
        assert_eq!(img.get_pixel(96, 10)[3], 0);
    }

    #[test]
    fn an_svg_emblem_reads_no_file() {
        // A real picture on disk, named by an SVG's <image>: not drawn.
        let dir = std::env::temp_dir().join(format!("icon-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("green.png");
        RgbaImage::from_pixel(8, 8, Rgba([0, 255, 0, 255]))
            .save(&file)
            .unwrap();
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64"><image width="64" height="64" href="{0}"/><image width="64" height="64" xlink:href="file://{0}"/></svg>"#,
            file.display()
        );
        let icons = icons("/media/x.svg", svg.as_bytes()).unwrap();
        let img = decode(&icons[0].1);
        assert!(img.pixels().all(|p| p[3] == 0), "a file was drawn");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(icons_fail("/media/x.svg", b"<svg"));
    }

    fn icons_fail(path: &str, bytes: &[u8]) -> bool {
        icons(path, bytes).is_err()
    }

    #[test]
    fn the_manifest_names_the_portal_in_vietnamese() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../style/main.css")).unwrap();
        assert!(
            text.contains(&format!("--blue: {THEME_COLOUR};")),
            "THEME_COLOUR is not the CSS's --blue"
        );
        let index =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../index.html")).unwrap();
        assert!(index.contains(&format!("<meta name=\"theme-color\" content=\"{THEME_COLOUR}\">")));
        let assets = portal_content::assets::Assets::new(std::path::Path::new("."));
        let mut diags = Vec::new();
        let mut r = portal_content::Reporter {
            file: std::path::Path::new("site.toml"),
            diags: &mut diags,
        };
        let site = portal_content::site::parse(SITE, &assets, &mut r).unwrap();
        let m: serde_json::Value = serde_json::from_slice(&manifest(&site, true)).unwrap();
        assert_eq!(m["name"], "Cổng thông tin điện tử xã Tân <Hòa>");
        assert_eq!(m["short_name"], "Tân Hòa");
        assert_eq!(m["lang"], "vi");
        assert_eq!(m["start_url"], "/");
        assert_eq!(m["display"], "standalone");
        let icons = m["icons"].as_array().unwrap();
        assert_eq!(icons.len(), 3);
        assert!(icons
            .iter()
            .any(|i| i["purpose"] == "maskable" && i["sizes"] == "512x512"));
        let m: serde_json::Value = serde_json::from_slice(&manifest(&site, false)).unwrap();
        assert!(m["icons"].as_array().unwrap().is_empty());
    }
}
