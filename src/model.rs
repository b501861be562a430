//! Plain data passed between the stages of the pipeline.
//!
//! `load` fills these from `content/`; later stages read them and produce
//! their own plain outputs (rendered bodies, the citation graph, the search
//! index) rather than mutating a shared object.

use serde::Serialize;
use std::path::PathBuf;

/// A date written `YYYY-MM-DD`, already validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    /// The date `days` after 1970-01-01 (Howard Hinnant's civil-from-days).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        Date {
            year: (if m <= 2 { y + 1 } else { y }) as u16,
            month: m as u8,
            day: d as u8,
        }
    }

    /// Days since 1970-01-01 (the inverse of [`Date::from_days`]).
    pub fn days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Parses `YYYY-MM-DD`, rejecting impossible calendar dates.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if y == 0 || d == 0 || d > days {
            return None;
        }
        Some(Date {
            year: y as u16,
            month: m as u8,
            day: d as u8,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
    pub theme: String,
    pub pretty_urls: bool,
    pub search: bool,
    pub highlight_theme: String,
    pub extra: serde_json::Value,
}

/// Everything `load` found under `content/`, sorted by slug at every level so
/// that later stages can iterate deterministically.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub publications: Vec<Publication>,
    /// Files under content/ that are not Markdown (images, PDFs), relative
    /// to content/, copied to the same path in the output.
    pub assets: Vec<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Publication {
    pub slug: String,
    pub source: PathBuf,
    pub title: String,
    pub short_title: Option<String>,
    pub publisher: Option<String>,
    pub frequency: Option<String>,
    pub description: Option<String>,
    pub extra: serde_json::Value,
    pub issues: Vec<Issue>,
}

#[derive(Debug, Clone)]
pub struct Issue {
    pub slug: String,
    pub source: PathBuf,
    pub title: String,
    pub date: Date,
    pub year: u16,
    pub number: Option<String>,
    pub cumulative: Option<String>,
    pub volume: Option<String>,
    pub pdf: Option<String>,
    pub sections: Vec<String>,
    pub extra: serde_json::Value,
    /// Editor's note (Markdown), may be empty.
    pub body: String,
    /// 1-based line of the file where `body` starts, for diagnostics.
    pub body_line: usize,
    pub documents: Vec<Document>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationType {
    Cites,
    Repeals,
    Amends,
    Implements,
    Forwards,
    Reprints,
}

impl RelationType {
    pub fn as_str(self) -> &'static str {
        match self {
            RelationType::Cites => "cites",
            RelationType::Repeals => "repeals",
            RelationType::Amends => "amends",
            RelationType::Implements => "implements",
            RelationType::Forwards => "forwards",
            RelationType::Reprints => "reprints",
        }
    }

    pub fn parse(s: &str) -> Option<RelationType> {
        Some(match s {
            "cites" => RelationType::Cites,
            "repeals" => RelationType::Repeals,
            "amends" => RelationType::Amends,
            "implements" => RelationType::Implements,
            "forwards" => RelationType::Forwards,
            "reprints" => RelationType::Reprints,
            _ => return None,
        })
    }
}

/// A relation declared in front matter; `target` is a doc number or a title.
#[derive(Debug, Clone)]
pub struct Relation {
    pub kind: RelationType,
    pub target: String,
}

#[derive(Debug, Clone)]
pub struct Document {
    /// `<publication>/<issue>/<document>`: unique, and the output path.
    pub id: String,
    pub slug: String,
    pub source: PathBuf,
    pub title: String,
    /// Canonical form (see `cite::number`), as written when not recognisable.
    pub doc_number: Option<String>,
    pub issuer: Vec<String>,
    pub date: Option<Date>,
    pub section: Option<String>,
    pub order: Option<i64>,
    pub page: Option<String>,
    pub tags: Vec<String>,
    pub relations: Vec<Relation>,
    pub extra: serde_json::Value,
    pub body: String,
    /// 1-based line of the file where `body` starts, for diagnostics.
    pub body_line: usize,
}

/// Index of a document in [`Site::documents`] order (publication, issue,
/// document), used by every later stage instead of references.
pub type DocIdx = usize;

impl Site {
    /// All documents in deterministic order; `DocIdx` indexes this sequence.
    pub fn documents(&self) -> impl Iterator<Item = (&Publication, &Issue, &Document)> {
        self.publications.iter().flat_map(|p| {
            p.issues
                .iter()
                .flat_map(move |i| i.documents.iter().map(move |d| (p, i, d)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn days_round_trip() {
        for days in [-719_468, -1, 0, 11_016, 18_520, 20_000, 60_000] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        assert_eq!(Date::parse("2020-09-15").unwrap().days(), 18_520);
        assert_eq!(Date::from_days(11_016).to_string(), "2000-02-29");
    }
}
