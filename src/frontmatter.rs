//! Splitting a Markdown file into YAML front matter and body, and reading
//! typed fields out of the front matter with located, helpful errors.

use crate::diag::Diag;
use crate::model::Date;
use crate::yaml::{self, Entry};
use serde_json::Value;
use std::path::Path;

/// A file split at its `---` fences.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file where `yaml` starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
}

/// Splits `src` (without BOM). A file that does not open with `---` has no
/// front matter; one that opens but never closes is an error.
pub fn split<'a>(src: &'a str, file: &Path) -> Result<Option<Split<'a>>, Diag> {
    let first_end = src.find('\n').map_or(src.len(), |i| i + 1);
    if src[..first_end].trim_end() != "---" {
        return Ok(None);
    }
    let mut offset = first_end;
    let mut line = 2;
    while offset < src.len() {
        let end = src[offset..]
            .find('\n')
            .map_or(src.len(), |i| offset + i + 1);
        let text = src[offset..end].trim_end();
        if text == "---" || text == "..." {
            return Ok(Some(Split {
                yaml: &src[first_end..offset],
                yaml_line: 2,
                body: &src[end..],
                body_line: line + 1,
            }));
        }
        offset = end;
        line += 1;
    }
    Err(Diag::error("front matter is never closed")
        .in_file(file)
        .at(src, 1, 1, 3)
        .help("end the front matter with a line containing only `---`"))
}

/// The entries of one front matter, consumed key by key; whatever is left at
/// `finish` is an unknown key.
pub struct Fields<'a> {
    entries: Vec<Option<Entry>>,
    file: &'a Path,
    src: &'a str,
    line_offset: usize,
    /// Problems found so far; appended to the caller's list by `finish`.
    pub diags: Vec<Diag>,
}

impl<'a> Fields<'a> {
    /// Parses the YAML of `split`; a syntax error is returned as a diagnostic.
    pub fn parse(split: &Split<'_>, src: &'a str, file: &'a Path) -> Result<Fields<'a>, Diag> {
        let line_offset = split.yaml_line - 1;
        match yaml::parse_mapping(split.yaml) {
            Ok(entries) => Ok(Fields {
                entries: entries.into_iter().map(Some).collect(),
                file,
                src,
                line_offset,
                diags: Vec::new(),
            }),
            Err(e) => {
                // An error found at the end of the YAML (an unclosed `[`,
                // `{` or quote) would point at the closing `---`; show the
                // last line of the YAML instead, where the value is.
                let yaml_lines = split.yaml.lines().count().max(1);
                let (line, column) = if e.line > yaml_lines {
                    let last = split.yaml.lines().last().unwrap_or("");
                    (yaml_lines, last.chars().count().max(1))
                } else {
                    (e.line, e.column)
                };
                Err(Diag::error(format!("invalid YAML in front matter: {}", e.message))
                .in_file(file)
                .at(src, line + line_offset, column, 1)
                .help("front matter is YAML `key: value` lines; quote values that contain `: ` or start with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `%` or `@`"))
            }
        }
    }

    /// Parses a whole YAML file (gazette.yaml).
    pub fn parse_file(src: &'a str, file: &'a Path) -> Result<Fields<'a>, Diag> {
        let split = Split {
            yaml: src,
            yaml_line: 1,
            body: "",
            body_line: 0,
        };
        Fields::parse(&split, src, file).map_err(|mut d| {
            // Not front matter: say which file, and keep the quoting help.
            d.message = d
                .message
                .replacen("in front matter", &format!("in {}", file.display()), 1);
            d.help = d
                .help
                .map(|h| h.replacen("front matter is", &format!("{} is", file.display()), 1));
            d
        })
    }

    fn take(&mut self, key: &str) -> Option<Entry> {
        self.entries
            .iter_mut()
            .find(|e| e.as_ref().is_some_and(|e| e.key == key))
            .and_then(Option::take)
    }

    fn error_at(&mut self, entry: &Entry, message: String, help: &str) {
        let d = Diag::error(message)
            .in_file(self.file)
            .at(
                self.src,
                entry.line + self.line_offset,
                entry.column,
                entry.key.chars().count(),
            )
            .help(help);
        self.diags.push(d);
    }

    /// A string; numbers are accepted and written as they were.
    pub fn string(&mut self, key: &str) -> Option<String> {
        let entry = self.take(key)?;
        match &entry.value {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Null => None,
            _ => {
                self.error_at(
                    &entry,
                    format!("`{key}` must be a string"),
                    &format!("write `{key}: some text`"),
                );
                None
            }
        }
    }

    /// A required string; a missing key is reported at the first line of the
    /// front matter.
    pub fn required_string(&mut self, key: &str, example: &str) -> Option<String> {
        let value = self.string(key);
        if value.as_deref().is_none_or(str::is_empty)
            && !self
                .diags
                .iter()
                .any(|d| d.message.contains(&format!("`{key}`")))
        {
            let line = self.line_offset.max(1);
            self.diags.push(
                Diag::error(format!("missing required key `{key}`"))
                    .in_file(self.file)
                    .at(self.src, line, 1, 3)
                    .help(format!("add `{key}: {example}` to the front matter")),
            );
        }
        value.filter(|v| !v.is_empty())
    }

    pub fn date(&mut self, key: &str) -> Option<Date> {
        let entry = self.take(key)?;
        let text = match &entry.value {
            Value::String(s) => s.trim().to_string(),
            Value::Null => return None,
            other => other.to_string(),
        };
        match Date::parse(&text) {
            Some(d) => Some(d),
            None => {
                self.error_at(
                    &entry,
                    format!("invalid date `{text}` for `{key}`"),
                    "write the date as YYYY-MM-DD, e.g. `2020-09-15`, and check that the day exists",
                );
                None
            }
        }
    }

    pub fn required_date(&mut self, key: &str) -> Option<Date> {
        let had = self.entries.iter().flatten().any(|e| e.key == key);
        let d = self.date(key);
        if !had {
            let line = self.line_offset.max(1);
            self.diags.push(
                Diag::error(format!("missing required key `{key}`"))
                    .in_file(self.file)
                    .at(self.src, line, 1, 3)
                    .help(format!(
                        "add `{key}: 2020-09-15` (YYYY-MM-DD) to the front matter"
                    )),
            );
        }
        d
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        let entry = self.take(key)?;
        match entry.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.error_at(
                    &entry,
                    format!("`{key}` must be true or false"),
                    &format!("write `{key}: true` or `{key}: false`"),
                );
                None
            }
        }
    }

    pub fn integer(&mut self, key: &str) -> Option<i64> {
        let entry = self.take(key)?;
        let parsed = match &entry.value {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.error_at(
                &entry,
                format!("`{key}` must be a whole number"),
                &format!("write e.g. `{key}: 3`"),
            );
        }
        parsed
    }

    /// A list of strings; a single string is a list of one.
    pub fn string_list(&mut self, key: &str) -> Vec<String> {
        let Some(entry) = self.take(key) else {
            return Vec::new();
        };
        match &entry.value {
            Value::Null => Vec::new(),
            Value::String(s) => vec![s.trim().to_string()],
            Value::Number(n) => vec![n.to_string()],
            Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.trim().to_string()),
                        Value::Number(n) => out.push(n.to_string()),
                        _ => {
                            self.error_at(
                                &entry,
                                format!("`{key}` must be a list of strings"),
                                &format!("write `{key}: [a, b]` or one `- item` per line"),
                            );
                            return Vec::new();
                        }
                    }
                }
                out
            }
            _ => {
                self.error_at(
                    &entry,
                    format!("`{key}` must be a string or a list of strings"),
                    &format!("write `{key}: [a, b]`"),
                );
                Vec::new()
            }
        }
    }

    /// A free value (`extra`), passed through to templates.
    pub fn value(&mut self, key: &str) -> Value {
        match self.take(key) {
            Some(e) if e.value.is_object() || e.value.is_null() => e.value,
            Some(e) => {
                self.error_at(
                    &e,
                    format!("`{key}` must be a mapping"),
                    &format!("write `{key}:` followed by indented `name: value` lines"),
                );
                Value::Null
            }
            None => Value::Null,
        }
    }

    /// Raw value and its location, for fields with their own structure.
    pub fn raw(&mut self, key: &str) -> Option<Entry> {
        self.take(key)
    }

    /// Reports an error located at an entry previously taken with `raw`.
    pub fn report(&mut self, entry: &Entry, message: String, help: &str) {
        self.error_at(entry, message, help);
    }

    /// Reports every key not consumed, with a "did you mean" hint.
    pub fn finish(mut self, known: &[&str], what: &str) -> Vec<Diag> {
        let leftovers: Vec<Entry> = self.entries.iter_mut().filter_map(Option::take).collect();
        for entry in leftovers {
            let hint = closest(&entry.key, known)
                .map(|k| format!("did you mean `{k}`?"))
                .unwrap_or_else(|| format!("{what} accepts: {}", known.join(", ")));
            self.error_at(
                &entry,
                format!("unknown key `{}` in {what}", entry.key),
                &hint,
            );
        }
        self.diags
    }
}

/// The known name closest to `word`, if close enough to be a likely typo.
pub fn closest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k), *k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body_lines() {
        let src = "---\ntitle: x\n---\nbody\n";
        let s = split(src, Path::new("a.md")).unwrap().unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        let d = split("---\ntitle: x\nbody\n", Path::new("a.md")).unwrap_err();
        assert!(d.message.contains("never closed"));
        assert_eq!(d.line, 1);
    }

    #[test]
    fn no_front_matter() {
        assert!(split("# hello\n", Path::new("a.md")).unwrap().is_none());
    }

    #[test]
    fn closest_suggests_typos_only() {
        assert_eq!(closest("titel", &["title", "date"]), Some("title"));
        assert_eq!(
            closest("doc_numbr", &["doc_number", "date"]),
            Some("doc_number")
        );
        assert_eq!(closest("zzz", &["title", "date"]), None);
    }
}
