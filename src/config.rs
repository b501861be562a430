//! `gazette.yaml`: the site configuration.

use crate::diag::Diag;
use crate::frontmatter::Fields;
use crate::model::Config;
use std::path::Path;

pub const KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "base_url",
    "theme",
    "pretty_urls",
    "search",
    "highlight_theme",
    "extra",
];

/// The settings used to go on checking content/ when gazette.yaml has
/// errors, so that one run reports the errors of both.
pub fn fallback() -> Config {
    Config {
        title: String::new(),
        description: String::new(),
        language: "zh-CN".into(),
        base_url: String::new(),
        theme: "default".into(),
        pretty_urls: false,
        search: true,
        highlight_theme: "InspiredGitHub".into(),
        extra: serde_json::Value::Null,
    }
}

/// Reads `<root>/gazette.yaml`; every problem in it is returned at once.
pub fn load(root: &Path) -> Result<Config, Vec<Diag>> {
    let path = root.join("gazette.yaml");
    let shown = Path::new("gazette.yaml");
    let bytes = std::fs::read(&path).map_err(|e| {
        vec![Diag::error(format!("cannot read {}: {e}", path.display()))
            .help("run gazette in the folder that holds gazette.yaml, or pass --root DIR")]
    })?;
    let src = crate::load::decode(&bytes, shown).map_err(|d| vec![d])?;
    let mut f = Fields::parse_file(&src, shown).map_err(|d| vec![d])?;
    let title = f.required_string("title", "我的公报");
    // Checked here, where the line is known, rather than when the theme
    // and the stylesheet are loaded.
    let theme = located_string(&mut f, "theme", "default", |name| {
        (name == "default" || root.join("themes").join(name).is_dir())
            .then_some(())
            .ok_or_else(|| {
                (
                    format!("theme `{name}` not found"),
                    format!("create themes/{name}/templates/, or set `theme: default`"),
                )
            })
    });
    let highlight_theme = located_string(&mut f, "highlight_theme", "InspiredGitHub", |name| {
        let names = crate::highlight::theme_names();
        names
            .iter()
            .any(|n| n == name)
            .then_some(())
            .ok_or_else(|| {
                (
                    format!("unknown highlight_theme `{name}`"),
                    format!("choose one of: {}", names.join(", ")),
                )
            })
    });
    let config = Config {
        title: title.clone().unwrap_or_default(),
        description: f.string("description").unwrap_or_default(),
        language: f.string("language").unwrap_or_else(|| "zh-CN".into()),
        base_url: f
            .string("base_url")
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string(),
        theme,
        pretty_urls: f.bool("pretty_urls").unwrap_or(false),
        search: f.bool("search").unwrap_or(true),
        highlight_theme,
        extra: f.value("extra"),
    };
    let diags = f.finish(KEYS, "gazette.yaml");
    if diags.is_empty() && title.is_some() {
        Ok(config)
    } else {
        Err(diags)
    }
}

/// A string setting checked by `check`; a bad value is reported at its line
/// and replaced by `default`.
fn located_string(
    f: &mut Fields<'_>,
    key: &str,
    default: &str,
    check: impl Fn(&str) -> Result<(), (String, String)>,
) -> String {
    let Some(entry) = f.raw(key) else {
        return default.to_string();
    };
    let value = match &entry.value {
        serde_json::Value::String(s) => s.trim().to_string(),
        serde_json::Value::Null => return default.to_string(),
        _ => {
            f.report(
                &entry,
                format!("`{key}` must be a string"),
                &format!("write `{key}: {default}`"),
            );
            return default.to_string();
        }
    };
    match check(&value) {
        Ok(()) => value,
        Err((message, help)) => {
            f.report(&entry, message, &help);
            default.to_string()
        }
    }
}
