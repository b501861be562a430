//! Finding a theme's templates and static files.
//!
//! Layers, later wins by relative name: the default theme built into the
//! binary, then `themes/<name>/` of the site, then the site's own
//! `templates/` and `static/`. A partial theme therefore still builds.

use crate::diag::Diag;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($kind:literal, $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../themes/default/", $kind, "/", $name)) as &[u8])),*]
    };
}

const DEFAULT_TEMPLATES: &[(&str, &[u8])] = embed!(
    "templates",
    "base.html",
    "macros.html",
    "index.html",
    "publication.html",
    "issue.html",
    "document.html",
    "search.html",
    "issuers.html",
    "issuer.html",
    "years.html",
    "year.html",
    "doc_list.html",
    "404.html",
);

const DEFAULT_STATIC: &[(&str, &[u8])] = embed!("static", "style.css", "gazette.js");

/// Where a static file comes from.
#[derive(Debug, Clone)]
pub enum Source {
    Embedded(&'static [u8]),
    File(PathBuf),
}

impl Source {
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Source::Embedded(b) => Ok(b.to_vec()),
            Source::File(p) => std::fs::read(p),
        }
    }
}

pub struct Theme {
    pub tera: tera::Tera,
    /// Output-relative path → source, sorted for deterministic copying.
    pub static_files: BTreeMap<String, Source>,
}

pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diag>> {
    let mut templates: BTreeMap<String, (String, Option<PathBuf>)> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, b)| {
            (
                n.to_string(),
                (String::from_utf8_lossy(b).into_owned(), None),
            )
        })
        .collect();
    let mut static_files: BTreeMap<String, Source> = DEFAULT_STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), Source::Embedded(b)))
        .collect();
    let mut diags = Vec::new();

    let theme_dir = root.join("themes").join(name);
    if !theme_dir.is_dir() && name != "default" {
        return Err(vec![Diag::error(format!("theme `{name}` not found"))
            .in_file(Path::new("gazette.yaml"))
            .help(format!(
                "create themes/{name}/templates/, or set `theme: default` in gazette.yaml"
            ))]);
    }
    for dir in [theme_dir, root.to_path_buf()] {
        for (rel, path) in files_under(&dir.join("templates")) {
            match std::fs::read(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(s) => {
                        templates.insert(rel, (s, Some(path)));
                    }
                    Err(_) => diags
                        .push(Diag::error("template is not UTF-8").in_file(&shown(root, &path))),
                },
                Err(e) => diags.push(
                    Diag::error(format!("cannot read template: {e}")).in_file(&shown(root, &path)),
                ),
            }
        }
        for (rel, path) in files_under(&dir.join("static")) {
            static_files.insert(rel, Source::File(path));
        }
    }

    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    let raw: Vec<(String, String)> = templates
        .iter()
        .map(|(n, (src, _))| (n.clone(), src.clone()))
        .collect();
    if let Err(e) = tera.add_raw_templates(raw) {
        let msg = error_chain(&e);
        let file = templates
            .iter()
            .find(|(n, _)| msg.contains(n.as_str()))
            .map(|(n, (_, p))| {
                p.as_deref()
                    .map(|p| shown(root, p))
                    .unwrap_or_else(|| PathBuf::from(format!("(built-in theme)/templates/{n}")))
            });
        let mut d = Diag::error(format!("template error: {msg}"))
            .help("fix the Tera syntax; see https://keats.github.io/tera/docs/");
        if let Some(f) = file {
            d = d.in_file(&f);
        }
        diags.push(d);
    }
    if diags.is_empty() {
        Ok(Theme { tera, static_files })
    } else {
        Err(diags)
    }
}

/// Tera's default also escapes `/`, which turns every relative URL into
/// `..&#x2F;..`; escaping the five HTML-significant characters is enough
/// inside text and quoted attributes.
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    crate::parse::escape_into(&mut out, s);
    out
}

fn shown(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

/// Files under `dir` as (relative path with `/`, absolute path), sorted.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (rel, e.path().to_path_buf())
        })
        .collect()
}

/// Tera nests the useful message in its source chain.
pub fn error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}
