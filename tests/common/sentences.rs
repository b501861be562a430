//! How the "no sentence of a seed is lost" checks (tests/seed_coverage.rs
//! for content/, tests/cli_import.rs for `gazette import`) cut text into
//! sentences and normalise them. Std only, and independent of the code under
//! test, so that the check cannot share a bug with the importer.

/// Fold the half-width forms the seeds mix with full-width ones, so that a
/// sentence does not count as lost because of `(` versus `（`.
pub fn fold(c: char) -> char {
    match c {
        '(' => '（',
        ')' => '）',
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '[' | '［' | '【' => '〔',
        ']' | '］' | '】' => '〕',
        '\'' | '‘' | '’' => '\'',
        '"' | '“' | '”' => '"',
        c => c,
    }
}

/// Normalise one line of text: drop Markdown block markers (headings, quotes,
/// list bullets, table pipes), emphasis/escape characters and all whitespace,
/// and fold punctuation.
pub fn normalise(line: &str) -> String {
    let mut s = line.trim();
    loop {
        let before = s;
        s = s.trim_start_matches('#').trim_start();
        s = s.trim_start_matches('>').trim_start();
        for bullet in ["- ", "* ", "+ "] {
            if let Some(rest) = s.strip_prefix(bullet) {
                s = rest.trim_start();
            }
        }
        if s == before {
            break;
        }
    }
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '\\' | '|' | '`' | '_'))
        .map(fold)
        .collect()
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n')
}

/// Split a text into (line, normalised sentence) pairs.
pub fn sentences(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        for piece in line.split(is_sentence_end) {
            let n = normalise(piece);
            if !n.is_empty() {
                out.push((line.trim().to_string(), n));
            }
        }
    }
    out
}
