//! The `_headers` file (the format of Cloudflare Pages and Netlify): blocks of a path
//! pattern followed by indented `Name: value` lines; `! Name` removes a header an
//! earlier block set. A pattern is a path, or a path ending in `*`.

/// One block: the pattern and its lines, `(name, Some(value))` to set or `(name, None)`
/// to remove.
pub type Rule = (String, Vec<(String, Option<String>)>);

pub fn parse(text: &str) -> Vec<Rule> {
    let mut rules: Vec<Rule> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            rules.push((line.trim().to_string(), Vec::new()));
            continue;
        }
        let Some((_, lines)) = rules.last_mut() else {
            continue;
        };
        let line = line.trim();
        if let Some(name) = line.strip_prefix('!') {
            lines.push((name.trim().to_string(), None));
        } else if let Some((name, value)) = line.split_once(':') {
            lines.push((name.trim().to_string(), Some(value.trim().to_string())));
        }
    }
    rules
}

fn matches(pattern: &str, path: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => pattern == path,
    }
}

/// The headers of `path`, in the order the rules give them.
pub fn for_path(rules: &[Rule], path: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (pattern, lines) in rules {
        if !matches(pattern, path) {
            continue;
        }
        for (name, value) in lines {
            out.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            if let Some(v) = value {
                out.push((name.clone(), v.clone()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_apply_in_order_and_can_be_detached() {
        let rules = parse(
            "# comment\n/*\n  Content-Security-Policy: default-src 'self'\n  X-Content-Type-Options: nosniff\n/media/*\n  ! Content-Security-Policy\n  Content-Security-Policy: sandbox\n/main-1.css\n  Cache-Control: immutable\n",
        );
        assert_eq!(
            for_path(&rules, "/"),
            [
                (
                    "Content-Security-Policy".to_string(),
                    "default-src 'self'".to_string()
                ),
                ("X-Content-Type-Options".into(), "nosniff".into())
            ]
        );
        let media = for_path(&rules, "/media/a.svg");
        assert!(media.contains(&("Content-Security-Policy".into(), "sandbox".into())));
        assert_eq!(
            media
                .iter()
                .filter(|(n, _)| n == "Content-Security-Policy")
                .count(),
            1
        );
        assert!(for_path(&rules, "/main-1.css").contains(&("Cache-Control".into(), "immutable".into())));
    }
}
