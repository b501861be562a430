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
    let config = Config {
        title: title.clone().unwrap_or_default(),
        description: f.string("description").unwrap_or_default(),
        language: f.string("language").unwrap_or_else(|| "zh-CN".into()),
        base_url: f
            .string("base_url")
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string(),
        theme: f.string("theme").unwrap_or_else(|| "default".into()),
        pretty_urls: f.bool("pretty_urls").unwrap_or(false),
        search: f.bool("search").unwrap_or(true),
        highlight_theme: f
            .string("highlight_theme")
            .unwrap_or_else(|| "InspiredGitHub".into()),
        extra: f.value("extra"),
    };
    let diags = f.finish(KEYS, "gazette.yaml");
    if diags.is_empty() && title.is_some() {
        Ok(config)
    } else {
        Err(diags)
    }
}
