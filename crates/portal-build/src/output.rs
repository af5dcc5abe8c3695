//! Writing the output folder so that readers never see half a build.

use std::path::Path;

use portal_prerender::Files;

/// Replaces directory `out` with exactly `files`, in one step as far as readers can
/// tell: everything is written to a sibling temporary directory first, then the old
/// directory is renamed away and the new one into place. If anything fails before the
/// swap, `out` is untouched and the temporary directory is removed.
pub fn write_atomically(out: &Path, files: &Files) -> std::io::Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    let written = (|| {
        for (rel, bytes) in files {
            let path = tmp.join(rel);
            std::fs::create_dir_all(path.parent().expect("files are inside the directory"))?;
            std::fs::write(path, bytes)?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old)?;
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if had_old {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}
