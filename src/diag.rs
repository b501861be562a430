//! Errors and warnings as values.
//!
//! Every stage returns `Diag`s instead of printing; `main` prints them all in
//! one place, with the offending line shown, so that a build reports every
//! problem at once.

use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a file (when it has one).
#[derive(Debug, Clone)]
pub struct Diag {
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub file: Option<PathBuf>,
    /// 1-based line and column (in characters) of the problem.
    pub line: usize,
    pub column: usize,
    /// The text of the offending line, shown under the message.
    pub source_line: Option<String>,
    /// Length in characters of the underlined part.
    pub span_len: usize,
}

impl Diag {
    pub fn error(message: impl Into<String>) -> Diag {
        Diag {
            severity: Severity::Error,
            message: message.into(),
            help: None,
            file: None,
            line: 0,
            column: 0,
            source_line: None,
            span_len: 1,
        }
    }

    pub fn warning(message: impl Into<String>) -> Diag {
        Diag {
            severity: Severity::Warning,
            ..Diag::error(message)
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Diag {
        self.help = Some(help.into());
        self
    }

    pub fn in_file(mut self, file: &Path) -> Diag {
        self.file = Some(file.to_path_buf());
        self
    }

    /// Locates the diagnostic at `line:column` of `source` (the whole file).
    pub fn at(mut self, source: &str, line: usize, column: usize, span_len: usize) -> Diag {
        self.line = line.max(1);
        self.column = column.max(1);
        self.span_len = span_len.max(1);
        self.source_line = source
            .lines()
            .nth(self.line - 1)
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Locates the diagnostic at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize, span_len: usize) -> Diag {
        let (line, column) = line_col(source, offset);
        self.at(source, line, column, span_len)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, or just the file, or nothing.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?.display().to_string();
        Some(if self.line > 0 {
            format!("{file}:{}:{}", self.line, self.column)
        } else {
            file
        })
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, source[line_start..offset].chars().count() + 1)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Renders diagnostics through miette, which draws the source snippet.
pub fn render(diags: &[Diag], color: bool) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic};
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(0);
    let mut out = String::new();
    for d in diags {
        let mut md = MietteDiagnostic::new(d.message.clone()).with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        });
        if let Some(h) = &d.help {
            md = md.with_help(h.clone());
        }
        let report = match (&d.file, &d.source_line) {
            (Some(file), Some(line_text)) => {
                // miette wants the source and a byte span; give it only the
                // offending line, numbered as in the file.
                let start: usize = line_text
                    .chars()
                    .take(d.column - 1)
                    .map(char::len_utf8)
                    .sum();
                let len: usize = line_text
                    .chars()
                    .skip(d.column - 1)
                    .take(d.span_len)
                    .map(char::len_utf8)
                    .sum();
                md = md.with_label(LabeledSpan::at(start..start + len, "here"));
                let src = LineSource {
                    name: format!("{}", file.display()),
                    text: Arc::from(line_text.as_str()),
                    line: d.line - 1,
                };
                miette::Report::new(md).with_source_code(src)
            }
            _ => {
                if let Some(loc) = d.location() {
                    md.message = format!("{}: {}", loc, md.message);
                }
                miette::Report::new(md)
            }
        };
        let _ = handler.render_report(&mut out, report.as_ref());
    }
    out
}

/// A single line of a file presented to miette at its real line number.
#[derive(Debug)]
struct LineSource {
    name: String,
    text: Arc<str>,
    line: usize,
}

impl miette::SourceCode for LineSource {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        if span.offset() + span.len() > self.text.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        // Always the whole line (miette would otherwise show only the
        // underlined part, e.g. `date` instead of `date: 2020-02-30`);
        // the column is that of the span, for the `file:line:col` header.
        let column = self.text[..span.offset()].chars().count();
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            (0, self.text.len()).into(),
            self.line,
            column,
            1,
        )))
    }
}

/// Sorts diagnostics for stable output: by file, line, column, message.
pub fn sort(diags: &mut [Diag]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
}
