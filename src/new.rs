//! `gazette new`: scaffolds a site, a publication, an issue or a document
//! with front matter filled in as far as the slug allows. Never overwrites.

use crate::diag::Diag;
use crate::load::is_valid_slug;
use crate::model::Date;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Site,
    Publication(String),
    Issue(String, String),
    Doc(String, String, String),
}

impl Target {
    /// Parses `kind` (`site`, `publication`, `issue`, `doc`) and its
    /// slash-separated path, validating every slug.
    pub fn parse(kind: &str, path: &str) -> Result<Target, Diag> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let (want, example) = match kind {
            "site" => return Ok(Target::Site),
            "publication" | "pub" => (1, "xinjiang-gazette"),
            "issue" => (2, "xinjiang-gazette/2020-17-18"),
            "doc" | "document" => (3, "xinjiang-gazette/2020-17-18/01-xzf-2020-37"),
            other => {
                return Err(Diag::error(format!("cannot create a `{other}`"))
                    .help("use `gazette new site <dir>`, `new publication <slug>`, `new issue <publication>/<issue>` or `new doc <publication>/<issue>/<slug>`"))
            }
        };
        if parts.len() != want {
            return Err(Diag::error(format!(
                "`{path}` is not a {kind} path: expected {want} slug{} separated by `/`",
                if want == 1 { "" } else { "s" }
            ))
            .help(format!("e.g. `gazette new {kind} {example}`")));
        }
        for p in &parts {
            let p = p.strip_suffix(".md").unwrap_or(p);
            if !is_valid_slug(p) || p.starts_with('_') {
                return Err(Diag::error(format!("bad slug `{p}`")).help(
                    "slugs become URL segments and must match [a-z0-9][a-z0-9._-]* (lower-case ASCII letters, digits, `.`, `_`, `-`), e.g. a pinyin abbreviation",
                ));
            }
        }
        let s = |i: usize| parts[i].strip_suffix(".md").unwrap_or(parts[i]).to_string();
        Ok(match want {
            1 => Target::Publication(s(0)),
            2 => Target::Issue(s(0), s(1)),
            _ => Target::Doc(s(0), s(1), s(2)),
        })
    }
}

/// Creates the files of `target` under `root` (for `Site`, `root` is the new
/// site folder). Returns the files created, relative to `root`.
pub fn create(root: &Path, target: &Target, today: Date) -> Result<Vec<PathBuf>, Diag> {
    let content = root.join("content");
    match target {
        Target::Site => {
            let mut made = Vec::new();
            if root.join("gazette.yaml").exists() {
                return Err(Diag::error(format!(
                    "{} already holds a site (gazette.yaml exists)",
                    root.display()
                ))
                .help("gazette new never overwrites; choose another folder"));
            }
            std::fs::create_dir_all(&content).map_err(|e| io_error(&content, e))?;
            write_new(
                root,
                Path::new("gazette.yaml"),
                "title: 我的公报\ndescription: \"\"\nlanguage: zh-CN\nbase_url: \"\"\n",
            )?;
            made.push(PathBuf::from("gazette.yaml"));
            made.push(PathBuf::from("content/"));
            Ok(made)
        }
        Target::Publication(p) => {
            let rel = Path::new("content").join(p).join("_publication.md");
            let text = format!(
                "---\ntitle: \"{p}\"\n# short_title: \"\"\n# publisher: \"\"\n# frequency: \"半月刊\"\n# description: \"\"\n---\n"
            );
            write_new(root, &rel, &text)?;
            Ok(vec![rel])
        }
        Target::Issue(p, i) => {
            require(
                &content.join(p).join("_publication.md"),
                &format!("publication `{p}` does not exist"),
                &format!("create it first with `gazette new publication {p}`"),
            )?;
            let rel = Path::new("content").join(p).join(i).join("_issue.md");
            let text = issue_front_matter(&content.join(p), i, today);
            write_new(root, &rel, &text)?;
            Ok(vec![rel])
        }
        Target::Doc(p, i, d) => {
            let issue_dir = content.join(p).join(i);
            require(
                &issue_dir.join("_issue.md"),
                &format!("issue `{p}/{i}` does not exist"),
                &format!("create it first with `gazette new issue {p}/{i}`"),
            )?;
            let rel = Path::new("content").join(p).join(i).join(format!("{d}.md"));
            let order = next_order(&issue_dir);
            let sections = issue_sections(&issue_dir.join("_issue.md"));
            let mut text = String::from("---\ntitle: \"（请填写标题）\"\n# doc_number: \"新政办发〔2020〕44号\"\n# issuer: \"\"\n");
            text.push_str(&format!("date: \"{today}\"\n"));
            match sections.first() {
                Some(s) => text.push_str(&format!(
                    "section: \"{s}\"   # one of: {}\n",
                    sections.join("、")
                )),
                None => text.push_str("# section: \"\"\n"),
            }
            // A draft, as in Hugo: left out of the site until the editor has
            // written it and deleted the `draft` line.
            text.push_str(&format!(
                "order: {order}\n# page: 1\n# tags: []\ndraft: true   # delete this line to publish\n---\n\n"
            ));
            write_new(root, &rel, &text)?;
            Ok(vec![rel])
        }
    }
}

fn require(path: &Path, message: &str, help: &str) -> Result<(), Diag> {
    if path.is_file() {
        Ok(())
    } else {
        Err(Diag::error(message.to_string()).help(help.to_string()))
    }
}

fn io_error(path: &Path, e: std::io::Error) -> Diag {
    Diag::error(format!("cannot create {}: {e}", path.display()))
}

/// Writes `text` at `root/rel`, creating folders, refusing to overwrite.
pub fn write_new(root: &Path, rel: &Path, text: &str) -> Result<(), Diag> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diag::error(format!("{} already exists", rel.display()))
                    .in_file(rel)
                    .help("gazette never overwrites a file; choose another slug or delete the file first")
            } else {
                io_error(&path, e)
            }
        })?;
    f.write_all(text.as_bytes()).map_err(|e| io_error(&path, e))
}

/// What an issue slug says: `2020-17-18` → year 2020, number `17-18`;
/// `2020-09-18` (a real date) → that date; `2020-8` → number `8`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueSlug {
    pub year: Option<u16>,
    pub number: Option<String>,
    pub date: Option<Date>,
}

pub fn parse_issue_slug(slug: &str) -> IssueSlug {
    let parts: Vec<&str> = slug.split(['-', '_', '.']).collect();
    let year = parts
        .first()
        .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|y| y.parse::<u16>().ok())
        .filter(|y| (1800..=2200).contains(y));
    let Some(year) = year else {
        return IssueSlug {
            year: None,
            number: None,
            date: None,
        };
    };
    let rest = &parts[1..];
    if rest.len() == 2 && rest.iter().all(|p| p.len() == 2) {
        if let Some(d) = Date::parse(&format!("{year}-{}-{}", rest[0], rest[1])) {
            return IssueSlug {
                year: Some(year),
                number: None,
                date: Some(d),
            };
        }
    }
    let nums: Vec<String> = rest
        .iter()
        .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .map(|p| p.trim_start_matches('0').to_string())
        .map(|p| if p.is_empty() { "0".into() } else { p })
        .collect();
    let number = (!nums.is_empty() && nums.len() == rest.len()).then(|| nums.join("-"));
    IssueSlug {
        year: Some(year),
        number,
        date: None,
    }
}

fn issue_front_matter(pub_dir: &Path, slug: &str, today: Date) -> String {
    let parsed = parse_issue_slug(slug);
    let previous = latest_issue(pub_dir);
    // Follow the publication's own wording: 第8期 or 第17-18号.
    let unit = previous
        .as_ref()
        .filter(|(title, _)| title.ends_with('期'))
        .map_or("号", |_| "期");
    let title = match (&parsed.date, parsed.year, &parsed.number) {
        (Some(d), _, _) => format!("{}年{}月{}日", d.year, d.month, d.day),
        (None, Some(y), Some(n)) => format!("{y}年第{n}{unit}"),
        _ => slug.to_string(),
    };
    let date = parsed.date.unwrap_or(today);
    let year = parsed.year.unwrap_or(date.year);
    let mut text = format!("---\ntitle: \"{title}\"\ndate: \"{date}\"\nyear: {year}\n");
    match &parsed.number {
        Some(n) => text.push_str(&format!("number: \"{n}\"\n")),
        None => text.push_str("# number: \"1\"\n"),
    }
    text.push_str("# cumulative: \"\"\n# pdf: \"\"\n");
    let sections = previous.map(|(_, s)| s).unwrap_or_default();
    if sections.is_empty() {
        text.push_str("# sections:\n#   - \"\"\n");
    } else {
        // Most issues of a publication keep the same sections.
        text.push_str("sections:\n");
        for s in sections {
            text.push_str(&format!("  - \"{s}\"\n"));
        }
    }
    text.push_str("---\n");
    text
}

/// Title and sections of the publication's latest issue (by date), if any.
fn latest_issue(pub_dir: &Path) -> Option<(String, Vec<String>)> {
    let mut best: Option<(String, String, Vec<String>)> = None;
    for entry in std::fs::read_dir(pub_dir).ok()?.flatten() {
        let meta = entry.path().join("_issue.md");
        let Ok(src) = std::fs::read_to_string(&meta) else {
            continue;
        };
        let Ok(Some(split)) = crate::frontmatter::split(&src, &meta) else {
            continue;
        };
        let Ok(entries) = crate::yaml::parse_mapping(split.yaml) else {
            continue;
        };
        let get = |k: &str| entries.iter().find(|e| e.key == k).map(|e| &e.value);
        let date = get("date")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let title = get("title")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let sections = get("sections")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if best.as_ref().is_none_or(|(d, _, _)| date > *d) {
            best = Some((date, title, sections));
        }
    }
    best.map(|(_, t, s)| (t, s))
}

fn issue_sections(meta: &Path) -> Vec<String> {
    let Ok(src) = std::fs::read_to_string(meta) else {
        return Vec::new();
    };
    let Ok(Some(split)) = crate::frontmatter::split(&src, meta) else {
        return Vec::new();
    };
    crate::yaml::parse_mapping(split.yaml)
        .ok()
        .and_then(|e| e.into_iter().find(|e| e.key == "sections"))
        .and_then(|e| e.value.as_array().cloned())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// One more than the documents already in the issue.
fn next_order(issue_dir: &Path) -> usize {
    std::fs::read_dir(issue_dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| {
                    let n = e.file_name().to_string_lossy().into_owned();
                    n.ends_with(".md") && !n.starts_with('_')
                })
                .count()
        })
        .unwrap_or(0)
        + 1
}

/// Today's date (UTC) from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days((secs / 86_400) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_slugs() {
        let s = parse_issue_slug("2020-17-18");
        assert_eq!(s.year, Some(2020));
        assert_eq!(s.number.as_deref(), Some("17-18"));
        assert_eq!(s.date, None);
        let s = parse_issue_slug("2020-08");
        assert_eq!(s.number.as_deref(), Some("8"));
        let s = parse_issue_slug("2020-09-18");
        assert_eq!(s.date, Date::parse("2020-09-18"));
        let s = parse_issue_slug("special");
        assert_eq!(s.year, None);
    }

    #[test]
    fn civil_dates() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(18_520).to_string(), "2020-09-15");
        assert_eq!(Date::from_days(11_016).to_string(), "2000-02-29");
    }

    #[test]
    fn targets_validate_slugs() {
        assert!(Target::parse("issue", "xj/2020-17-18").is_ok());
        assert!(Target::parse("issue", "xj").is_err());
        assert!(Target::parse("doc", "xj/2020/Bad Name").is_err());
        assert!(Target::parse("publication", "新疆").is_err());
    }
}
